import { type ApiDefinition, ErrorCode, kafkaErrorFor, SaslAuthenticate, SaslHandshake } from '@lk/api';
import { SaslError } from '../errors.ts';
import { saslRefusedHint } from '../listener-hints.ts';
import type { SaslOptions } from '../options.ts';
import type { SaslMechanism } from './mechanism.ts';

/**
 * The `sasl` option for a mechanism of your own (or one lk has, as `plain()` etc. are built):
 * `create` gives a fresh {@link SaslMechanism} for every exchange (SCRAM keeps per-exchange state),
 * run by the same SaslHandshake/SaslAuthenticate exchange as the built-in mechanisms.
 *
 * @example
 * ```ts
 * const sasl = saslMechanism('PLAIN', () => ({
 *   name: 'PLAIN',
 *   start: async () => new TextEncoder().encode('\u0000alice\u0000secret'),
 *   respond: async () => null,
 * }));
 * ```
 */
export function saslMechanism(name: string, create: () => SaslMechanism): SaslOptions {
  return {
    mechanism: name,
    authenticate: (target, signal) => authenticate(target, create(), signal),
  };
}

/**
 * Where an exchange runs: a connection, or its calls from inside its queue (re-authentication).
 * Typed on @lk/api alone, so that the connection depends on this module and not the reverse.
 */
export interface SaslTarget {
  /** The broker's address, for error messages. */
  readonly broker: string;
  /** Sends one request and awaits its response (SaslHandshake, SaslAuthenticate). */
  call<Req, Res>(
    api: ApiDefinition<Req, Res>,
    request: Req,
    options?: { signal?: AbortSignal | undefined },
  ): Promise<Res>;
}

/**
 * Authenticates a connection (after ApiVersions): SaslHandshake v1, then SaslAuthenticate round
 * trips until the mechanism is done. Returns the session lifetime the broker granted in ms (0: no
 * limit; KIP-368). Failures are {@link SaslError}s: `LK_SASL_MECHANISM` (not enabled on the
 * listener), `LK_SASL_AUTHENTICATION_FAILED` (the broker refused; `cause` is the KafkaError), or
 * the mechanism's own checks (`LK_SASL_SCRAM_*`).
 */
export async function authenticate(
  connection: SaslTarget,
  mechanism: SaslMechanism,
  signal?: AbortSignal,
): Promise<number> {
  const handshake = await connection.call(
    SaslHandshake,
    { ...SaslHandshake.newRequest(), mechanism: mechanism.name },
    { signal },
  );
  if (handshake.errorCode !== ErrorCode.NONE) {
    throw new SaslError(
      'LK_SASL_MECHANISM',
      `${connection.broker} does not enable SASL mechanism ${mechanism.name} (enabled: ${handshake.mechanisms.join(', ') || 'none'})${saslRefusedHint(handshake.mechanisms)}`,
      { cause: kafkaErrorFor(handshake.errorCode) },
    );
  }
  let message: Uint8Array | null = await mechanism.start();
  let lifetimeMs = 0;
  while (message !== null) {
    const response = await connection.call(
      SaslAuthenticate,
      { ...SaslAuthenticate.newRequest(), authBytes: message },
      { signal },
    );
    if (response.errorCode !== ErrorCode.NONE) {
      // The broker's message names the mechanism and reason, never the credentials.
      const reason = response.errorMessage ?? 'no reason given';
      throw new SaslError(
        'LK_SASL_AUTHENTICATION_FAILED',
        `${mechanism.name} authentication failed: ${reason}`,
        {
          cause: kafkaErrorFor(response.errorCode, response.errorMessage),
        },
      );
    }
    // v1+: the last answer's lifetime holds (0 and v0: the broker sets none).
    lifetimeMs = Number(response.sessionLifetimeMs ?? 0n);
    message = await mechanism.respond(response.authBytes);
  }
  return lifetimeMs;
}
