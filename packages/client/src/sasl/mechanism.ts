/**
 * A SASL mechanism as a sequence of client messages: {@link start} gives the first, then
 * {@link respond} answers each server message until it returns `null` (done).
 */
export interface SaslMechanism {
  /** The mechanism name sent in SaslHandshake, e.g. `SCRAM-SHA-256`. */
  readonly name: string;
  /** The client's first message (SaslAuthenticate's authBytes). */
  start(): Promise<Uint8Array>;
  /** The answer to the server's message `challenge`, or `null` when the exchange is done. */
  respond(challenge: Uint8Array): Promise<Uint8Array | null>;
}
