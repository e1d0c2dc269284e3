import type { ResolvedConnectionOptions } from './options.ts';

// A broker closes a connection whose first bytes do not fit its listener's security protocol; the
// client sees only "closed". What was answered before the close tells the likely mismatch.

/**
 * Why the broker likely closed a connection, to append to "connection closed by the broker", or ''.
 * `negotiated`: ApiVersions was answered; `answeredSince`: responses since then.
 */
export function closedByBrokerHint(
  options: Pick<ResolvedConnectionOptions, 'tls' | 'sasl'>,
  negotiated: boolean,
  answeredSince: number,
): string {
  if (!negotiated) {
    return options.tls === null
      ? ' during ApiVersions: is it a TLS listener (SSL, SASL_SSL)? Then set the tls option'
      : ' during ApiVersions: is it a Kafka listener?';
  }
  if (answeredSince === 0 && options.sasl === null) {
    // A SASL listener answers ApiVersions, then drops a client whose next request is not SaslHandshake.
    return ' right after ApiVersions: the listener likely requires SASL (SASL_PLAINTEXT, SASL_SSL): set the sasl option';
  }
  return '';
}

/** Why a TLS handshake likely failed when the broker hung up before answering it, or ''. */
export function tlsHandshakeHint(error: NodeJS.ErrnoException): string {
  // A plaintext listener reads the ClientHello as a frame size far too large and hangs up.
  return error.code === 'ECONNRESET'
    ? ': the listener likely does not speak TLS (PLAINTEXT, SASL_PLAINTEXT): drop the tls option or use its TLS port'
    : '';
}

/** Why a SaslHandshake was refused with no mechanism enabled, or ''. */
export function saslRefusedHint(enabledMechanisms: readonly string[]): string {
  // A listener with SASL lists its mechanisms; one without refuses the handshake with an empty list.
  return enabledMechanisms.length === 0
    ? ': the listener likely does not use SASL (PLAINTEXT, SSL): drop the sasl option or use its SASL port'
    : '';
}
