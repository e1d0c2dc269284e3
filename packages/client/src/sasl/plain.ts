import type { SaslMechanism } from './mechanism.ts';

/** SASL/PLAIN (RFC 4616): one message, `\0username\0password`. Only use it over TLS in production. */
export function plainMechanism(username: string, password: string): SaslMechanism {
  return {
    name: 'PLAIN',
    start: async () => Buffer.from(`\u0000${username}\u0000${password}`, 'utf8'),
    respond: async () => null,
  };
}
