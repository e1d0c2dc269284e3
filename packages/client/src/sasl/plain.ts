import type { SaslOptions } from '../options.ts';
import { saslMechanism } from './authenticate.ts';
import type { SaslMechanism } from './mechanism.ts';

/** A username and password, for PLAIN and SCRAM. */
export interface SaslCredentials {
  readonly username: string;
  readonly password: string;
}

/**
 * The `sasl` option for SASL/PLAIN. Only use it over TLS in production: the password crosses the
 * wire as it is.
 *
 * @example
 * ```ts
 * const options = { sasl: plain({ username: 'alice', password: 'secret' }) };
 * ```
 */
export function plain(credentials: SaslCredentials): SaslOptions & SaslCredentials {
  const { username, password } = credentials;
  return { ...saslMechanism('PLAIN', () => plainMechanism(username, password)), username, password };
}

/** SASL/PLAIN (RFC 4616): one message, `\0username\0password`. Only use it over TLS in production. */
export function plainMechanism(username: string, password: string): SaslMechanism {
  return {
    name: 'PLAIN',
    start: async () => Buffer.from(`\u0000${username}\u0000${password}`, 'utf8'),
    respond: async () => null,
  };
}
