import { ErrorCode, KafkaError } from '@lk/api';
import {
  AbortError,
  type DeliveryOutcome,
  MetadataError,
  TimeoutError,
  TransportError,
  type TransportErrorCode,
} from './errors.ts';

/**
 * Classifies a produce failure. `written` says whether the request had been handed to the socket.
 *
 * - Nothing written (no leader, cannot connect, aborted while queued): NOT_PERSISTED.
 * - Written, no answer (connection lost, timeout, abort, bad response): POSSIBLY_PERSISTED.
 * - NOT_ENOUGH_REPLICAS_AFTER_APPEND: PERSISTED (on the leader, under-replicated).
 * - REQUEST_TIMED_OUT (the leader appended, replicas did not confirm in time): POSSIBLY_PERSISTED.
 * - Any other broker error code: the broker refused the batch, NOT_PERSISTED.
 */
export function deliveryOutcome(error: unknown, written: boolean): DeliveryOutcome {
  if (error instanceof KafkaError) {
    if (error.errorCode === ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND) return 'PERSISTED';
    if (error.errorCode === ErrorCode.REQUEST_TIMED_OUT) return 'POSSIBLY_PERSISTED';
    return 'NOT_PERSISTED';
  }
  return written ? 'POSSIBLY_PERSISTED' : 'NOT_PERSISTED';
}

/** Lost connections; a refused TLS handshake (`LK_TRANSPORT_TLS`) is final. */
const RETRIABLE_TRANSPORT: ReadonlySet<TransportErrorCode> = new Set([
  'LK_TRANSPORT_DIAL',
  'LK_TRANSPORT_CLOSED',
  'LK_TRANSPORT_WRITE',
]);

/**
 * True when trying again may succeed: retriable broker errors (including leader changes), lost
 * connections, timeouts, and a partition without a leader during an election. Aborts, closed
 * clients, configuration, SASL and TLS failures are final.
 */
export function isRetriable(error: unknown): boolean {
  if (error instanceof AbortError) return false;
  if (error instanceof KafkaError) return error.retriable || error.invalidMetadata;
  if (error instanceof MetadataError)
    return error.code === 'LK_METADATA_NO_LEADER' || error.code === 'LK_METADATA_NO_BROKER';
  if (error instanceof TransportError) return RETRIABLE_TRANSPORT.has(error.code);
  return error instanceof TimeoutError;
}
