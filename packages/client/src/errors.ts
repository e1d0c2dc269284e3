import { errorKind, LkError } from '@lk/wire';

/**
 * The socket failed: refused, reset, closed by the peer, TLS handshake refused. The connection is
 * gone; the next call on a client dials a new one.
 *
 * Codes: `LK_TRANSPORT_DIAL` (could not connect), `LK_TRANSPORT_TLS` (TLS handshake or certificate
 * check failed), `LK_TRANSPORT_CLOSED` (closed while a request was outstanding or before a call),
 * `LK_TRANSPORT_WRITE` (the request could not be written).
 */
/** The codes of {@link TransportError}. */
export type TransportErrorCode =
  | 'LK_TRANSPORT_DIAL'
  | 'LK_TRANSPORT_TLS'
  | 'LK_TRANSPORT_CLOSED'
  | 'LK_TRANSPORT_WRITE';

export class TransportError extends LkError<TransportErrorCode> {
  static override readonly [errorKind]: string = 'TransportError';
  /** `host:port` of the broker the connection was for. */
  readonly broker: string;

  constructor(code: TransportErrorCode, message: string, broker: string, options?: { cause?: unknown }) {
    super(code, `${message} (${broker})`, options);
    this.broker = broker;
  }
}

/**
 * A deadline passed: `LK_TIMEOUT_DIAL` (connect plus TLS), `LK_TIMEOUT_REQUEST` (no response within
 * the request timeout), `LK_TIMEOUT_METADATA` (new topics still without leaders). A request timeout closes the connection: a late response would be out of step.
 */
/** The codes of {@link TimeoutError}. */
export type TimeoutErrorCode =
  | 'LK_TIMEOUT_DIAL'
  | 'LK_TIMEOUT_REQUEST'
  | 'LK_TIMEOUT_METADATA'
  | 'LK_TIMEOUT_DELIVERY'
  | 'LK_TIMEOUT_BUFFER';

export class TimeoutError extends LkError<TimeoutErrorCode> {
  static override readonly [errorKind]: string = 'TimeoutError';
  readonly timeoutMs: number;
  /** `host:port` of the broker that did not answer in time; null for a wait of lk's own. */
  readonly broker: string | null;

  constructor(code: TimeoutErrorCode, message: string, timeoutMs: number, broker: string | null = null) {
    super(code, message);
    this.timeoutMs = timeoutMs;
    this.broker = broker;
  }
}

/**
 * The caller's `AbortSignal` fired (`LK_ABORTED`). `cause` is the signal's reason. If the request had
 * already been written, the connection was closed.
 */
export class AbortError extends LkError<'LK_ABORTED'> {
  static override readonly [errorKind]: string = 'AbortError';

  constructor(reason: unknown) {
    super('LK_ABORTED', 'the operation was aborted', { cause: reason });
  }
}

/**
 * The broker broke the protocol: a response with the wrong correlation id, a response nobody asked
 * for, or a missing partition in a response (`LK_PROTOCOL_*`). The connection is closed.
 */
/** The codes of {@link ProtocolError}. */
export type ProtocolErrorCode =
  | 'LK_PROTOCOL_CORRELATION_ID'
  | 'LK_PROTOCOL_UNEXPECTED_RESPONSE'
  | 'LK_PROTOCOL_MISSING_PARTITION'
  | 'LK_PROTOCOL_NO_COMMON_VERSION';

export class ProtocolError extends LkError<ProtocolErrorCode> {
  static override readonly [errorKind]: string = 'ProtocolError';
}

/**
 * SASL authentication failed or the server misbehaved during it (`LK_SASL_*`). Never retriable as
 * is; messages never contain passwords, tokens or proofs.
 */
/** The codes of {@link SaslError}. */
export type SaslErrorCode =
  | 'LK_SASL_AUTHENTICATION_FAILED'
  | 'LK_SASL_MECHANISM'
  | 'LK_SASL_SCRAM_ITERATIONS'
  | 'LK_SASL_SCRAM_MALFORMED'
  | 'LK_SASL_SCRAM_NONCE'
  | 'LK_SASL_SCRAM_SERVER_ERROR'
  | 'LK_SASL_SCRAM_SERVER_SIGNATURE';

export class SaslError extends LkError<SaslErrorCode> {
  static override readonly [errorKind]: string = 'SaslError';
}

/** The client was closed by its owner (`LK_CLIENT_CLOSED`); create a new one. */
export class ClientClosedError extends LkError<'LK_CLIENT_CLOSED'> {
  static override readonly [errorKind]: string = 'ClientClosedError';

  constructor(what: string) {
    super('LK_CLIENT_CLOSED', `${what} is closed`);
  }
}

/**
 * Options that cannot work (`LK_CONFIG`): a bootstrap that is not `host:port`, an invalid client
 * software name, a SASL mechanism without credentials.
 */
export class ConfigError extends LkError<'LK_CONFIG'> {
  static override readonly [errorKind]: string = 'ConfigError';

  constructor(message: string) {
    super('LK_CONFIG', message);
  }
}

/**
 * The cluster metadata does not allow the call: the topic or partition does not exist or has no
 * leader (`LK_METADATA_NO_PARTITION`, `LK_METADATA_NO_LEADER`, `LK_METADATA_NO_BROKER`). `cause` is the
 * broker's KafkaError when there was one.
 */
/** The codes of {@link MetadataError}. */
export type MetadataErrorCode =
  | 'LK_METADATA_NO_PARTITION'
  | 'LK_METADATA_NO_LEADER'
  | 'LK_METADATA_NO_BROKER';

export class MetadataError extends LkError<MetadataErrorCode> {
  static override readonly [errorKind]: string = 'MetadataError';
}

/** The three outcomes of a failed write, as librdkafka names them. */
export type DeliveryOutcome = 'NOT_PERSISTED' | 'POSSIBLY_PERSISTED' | 'PERSISTED';

/**
 * A produce that did not succeed (`LK_PRODUCE_FAILED`). `outcome` says whether the batch is in the
 * log: `NOT_PERSISTED` (safe to retry without a duplicate), `POSSIBLY_PERSISTED` (the request was
 * written but no answer came back: a retry may duplicate unless the producer is idempotent), or
 * `PERSISTED` (written but under-replicated, e.g. NOT_ENOUGH_REPLICAS_AFTER_APPEND). `cause` is the
 * underlying error (TransportError, TimeoutError, KafkaError, ...).
 */
export class ProduceError extends LkError<'LK_PRODUCE_FAILED'> {
  static override readonly [errorKind]: string = 'ProduceError';
  readonly outcome: DeliveryOutcome;
  readonly topic: string;
  readonly partition: number;
  /** How many times the batch was tried (1: it was not retried). */
  readonly attempts: number;

  constructor(outcome: DeliveryOutcome, topic: string, partition: number, cause: unknown, attempts = 1) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
    super(
      'LK_PRODUCE_FAILED',
      `produce to ${topic}/${partition} failed (${outcome}) after ${tries}: ${reason}`,
      {
        cause,
      },
    );
    this.outcome = outcome;
    this.topic = topic;
    this.partition = partition;
    this.attempts = attempts;
  }
}

/** The broker a transport or timeout failure concerns, else null. */
export function brokerOf(error: unknown): string | null {
  return error instanceof TransportError || error instanceof TimeoutError ? error.broker : null;
}
