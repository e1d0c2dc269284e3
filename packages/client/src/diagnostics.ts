import diagnosticsChannel from 'node:diagnostics_channel';
import { debuglog, inspect } from 'node:util';

/**
 * The `diagnostics_channel` channels lk publishes on. Messages are built only when a channel has
 * subscribers, so an unobserved client pays nothing. Subscribers run synchronously inside the
 * client and must not throw. Every message shape is documented in the package README.
 *
 * @example
 * ```ts
 * import diagnosticsChannel from 'node:diagnostics_channel';
 * diagnosticsChannel.subscribe('lk:request:end', (m) => console.log(m));
 * ```
 */
export const channels = {
  /**
   * A socket connected (TCP, and TLS when configured), before its handshake requests:
   * {@link ConnectionOpenMessage}. The first event of every connection id.
   */
  connectionOpen: diagnosticsChannel.channel('lk:connection:open'),
  /** A connection finished its handshake (ApiVersions, SASL) and takes calls: {@link ConnectionReadyMessage}. */
  connectionReady: diagnosticsChannel.channel('lk:connection:ready'),
  /** A connection could not be opened: the dial, TLS, ApiVersions or SASL failed: {@link ConnectionFailedMessage}. */
  connectionFailed: diagnosticsChannel.channel('lk:connection:failed'),
  /** A connection closed: {@link ConnectionCloseMessage}. The last event of its connection id. */
  connectionClose: diagnosticsChannel.channel('lk:connection:close'),
  /** A failed attempt is about to be retried after a pause: {@link RetryMessage}. */
  retry: diagnosticsChannel.channel('lk:retry'),
  /** A request is about to be written: {@link RequestStartMessage}. */
  requestStart: diagnosticsChannel.channel('lk:request:start'),
  /** A response arrived (or an acks=0 produce was written): {@link RequestEndMessage}. */
  requestEnd: diagnosticsChannel.channel('lk:request:end'),
  /** A request failed before a response was read: {@link RequestErrorMessage}. */
  requestError: diagnosticsChannel.channel('lk:request:error'),
  /** A PartitionProducer produce call ended: {@link ProduceMessage}. */
  produce: diagnosticsChannel.channel('lk:produce'),
  /** A PartitionFetcher fetch call ended: {@link FetchMessage}. */
  fetch: diagnosticsChannel.channel('lk:fetch'),
  /**
   * A {@link BrokerPool} connection was dialed, replaced or closed: {@link PoolConnectionMessage}.
   * Published after the connection's own `lk:connection:open` (or `lk:connection:close`).
   */
  poolConnection: diagnosticsChannel.channel('lk:pool:connection'),
  /** A {@link BrokerPool} could not open a connection: {@link DialErrorMessage}. */
  dialError: diagnosticsChannel.channel('lk:pool:dial-error'),
  /** A {@link MetadataCache} refresh ended: {@link MetadataRefreshMessage}. */
  metadataRefresh: diagnosticsChannel.channel('lk:metadata:refresh'),
} as const;

/** Published on `lk:connection:open` when a socket connected. */
export interface ConnectionOpenMessage {
  connectionId: number;
  broker: string;
  tls: boolean;
  saslMechanism: string | null;
  /** How long the dial (TCP connect and TLS handshake) took. */
  durationMs: number;
}

/** Published on `lk:connection:ready` when a connection finished its handshake. */
export interface ConnectionReadyMessage {
  connectionId: number;
  broker: string;
  /** The SASL mechanism that authenticated the connection, or null. */
  saslMechanism: string | null;
  /** From the start of the dial to the end of the handshake. */
  durationMs: number;
}

/** Published on `lk:connection:failed` when a connection could not be opened. */
export interface ConnectionFailedMessage {
  /** The connection's id when the socket had connected (the handshake failed), else null. */
  connectionId: number | null;
  broker: string;
  error: Error;
  /** From the start of the dial to the failure. */
  durationMs: number;
}

/** Published on `lk:retry` before a failed attempt is retried. */
export interface RetryMessage {
  /** What is retried: `produce`, `findCoordinator` or `group`; for a {@link Cluster} call, the API (`ListOffsets`). */
  operation: string;
  /**
   * Whom it concerns: `topic/partition` for produce, the key or group id for the others; for a
   * {@link Cluster} call, its target (`any`, `node 2`, `leader of t/0`, `coordinator of group g`).
   */
  subject: string;
  /** The attempt that failed, from 1. */
  attempt: number;
  /** The pause before the next attempt. */
  delayMs: number;
  /** Why the attempt failed. */
  error: Error;
}

/** Published on `lk:connection:close` when a connection closed. */
export interface ConnectionCloseMessage {
  connectionId: number;
  broker: string;
  /** Why it closed, when not by its owner. */
  error: Error | null;
}

/** Published on `lk:request:start` before a request is written. */
export interface RequestStartMessage {
  connectionId: number;
  broker: string;
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  requestBytes: number;
}

/** Published on `lk:request:end` when a response arrived (or an acks=0 produce was written). */
export interface RequestEndMessage extends RequestStartMessage {
  /** 0 when no response was expected (acks=0). */
  responseBytes: number;
  durationMs: number;
}

/** Published on `lk:request:error` when a request failed before its response. */
export interface RequestErrorMessage extends RequestStartMessage {
  error: Error;
  durationMs: number;
}

/** Published on `lk:produce` when a PartitionProducer produce call ended. */
export interface ProduceMessage {
  broker: string;
  topic: string;
  partition: number;
  records: number;
  bytes: number;
  baseOffset: bigint;
  error: Error | null;
  durationMs: number;
}

/** Published on `lk:fetch` when a PartitionFetcher fetch call ended. */
export interface FetchMessage {
  broker: string;
  topic: string;
  partition: number;
  offset: bigint;
  bytes: number;
  highWatermark: bigint;
  error: Error | null;
  durationMs: number;
}

/** Published on `lk:pool:connection` when a BrokerPool connection was dialed, replaced or closed. */
export interface PoolConnectionMessage {
  /** `dialed`: the first connection of its node and purpose; `replaced`: a later one; `closed`. */
  event: 'dialed' | 'replaced' | 'closed';
  nodeId: number;
  purpose: string;
  connectionId: number;
  broker: string;
  /** For `closed`: why (`idle`, `stale` (TTL, SASL session, or a bootstrap connection no longer needed), `failed`, `closed by owner`, `pool closed`, `broker gone`). */
  reason: string | null;
  /** For `closed` after a failure: the connection's error. */
  error: Error | null;
}

/** Published on `lk:pool:dial-error` when a BrokerPool could not open a connection. */
export interface DialErrorMessage {
  nodeId: number;
  purpose: string;
  broker: string;
  /** Consecutive failed dials of this node and purpose, this one included. */
  attempt: number;
  error: Error;
  /** How long the pool waits before dialing this node and purpose again. */
  backoffMs: number;
}

/** Published on `lk:metadata:refresh` when a MetadataCache refresh ended. */
export interface MetadataRefreshMessage {
  /** The topics asked for; null: all topics. */
  topics: readonly string[] | null;
  /** The broker asked, or -1 when no connection could be opened. */
  nodeId: number;
  durationMs: number;
  error: Error | null;
}

/** Publishes `build()` on `channel` only when someone listens. */
export function publish<T>(channel: diagnosticsChannel.Channel, build: () => T): void {
  if (channel.hasSubscribers) channel.publish(build());
}

// `NODE_DEBUG=lk` prints every event on stderr, as undici does for its own channels.
const debug = debuglog('lk');
if (debug.enabled) {
  for (const channel of Object.values(channels)) {
    channel.subscribe((message, name) => debug('%s %s', String(name), describe(message as object)));
  }
}

/** `key=value` pairs on one line; errors as their name, code and message (no stack). */
function describe(message: object): string {
  return Object.entries(message)
    .map(([key, value]) => `${key}=${value instanceof Error ? errorText(value) : show(value)}`)
    .join(' ');
}

function errorText(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === 'string' ? `(${code})` : ''}: ${JSON.stringify(error.message)}`;
}

function show(value: unknown): string {
  return typeof value === 'string'
    ? value
    : inspect(value, { breakLength: Number.POSITIVE_INFINITY, depth: 1 });
}
