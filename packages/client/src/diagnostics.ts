import diagnosticsChannel from 'node:diagnostics_channel';

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
  /** A connection finished its handshake (TCP, TLS, ApiVersions, SASL): {@link ConnectionOpenMessage}. */
  connectionOpen: diagnosticsChannel.channel('lk:connection:open'),
  /** A connection closed: {@link ConnectionCloseMessage}. */
  connectionClose: diagnosticsChannel.channel('lk:connection:close'),
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
} as const;

export interface ConnectionOpenMessage {
  connectionId: number;
  broker: string;
  tls: boolean;
  saslMechanism: string | null;
  durationMs: number;
}

export interface ConnectionCloseMessage {
  connectionId: number;
  broker: string;
  /** Why it closed, when not by its owner. */
  error: Error | null;
}

export interface RequestStartMessage {
  connectionId: number;
  broker: string;
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  requestBytes: number;
}

export interface RequestEndMessage extends RequestStartMessage {
  /** 0 when no response was expected (acks=0). */
  responseBytes: number;
  durationMs: number;
}

export interface RequestErrorMessage extends RequestStartMessage {
  error: Error;
  durationMs: number;
}

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

/** Publishes `build()` on `channel` only when someone listens. */
export function publish<T>(channel: diagnosticsChannel.Channel, build: () => T): void {
  if (channel.hasSubscribers) channel.publish(build());
}
