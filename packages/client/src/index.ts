/**
 * @lk/client: Kafka connections and single-partition clients for Node.js, after libkafka.
 *
 * - {@link openConnection} / {@link Connection}: one TCP or TLS connection, ApiVersions and SASL
 *   done, one request at a time, any @lk/api request with the negotiated version.
 * - {@link BootstrapClient}: Metadata, CreateTopics, DeleteTopics, FindCoordinator, leader lookup
 *   (its Metadata part alone is {@link MetadataClient}).
 * - {@link PartitionClient}: one connection to a partition leader, calls in order, reconnects and
 *   follows the leader (without fetch and listOffsets: {@link PartitionLeaderClient}, what a
 *   PartitionProducer holds, so that its bundle carries no Fetch codec).
 * - {@link PartitionProducer}, {@link PartitionFetcher}, {@link GroupClient}.
 * - {@link Cluster}: for the layers on top — a {@link BrokerPool} of pipelining connections, a
 *   {@link MetadataCache}, and routing to a partition leader, a node, a coordinator or any broker.
 *
 * Every failure is an {@link LkError} with a stable `code`; broker errors are {@link KafkaError}s.
 * Both, and every error class the clients throw, are exported here.
 * `diagnostics_channel` events are published on the `lk:*` channels ({@link channels}).
 *
 * @example
 * ```ts
 * import { PartitionProducer } from '@lk/client';
 * const producer = new PartitionProducer({ bootstrap: '127.0.0.1:9092', topic: 'events', partition: 0 });
 * await producer.produceStrings(['hello']);
 * producer.close();
 * ```
 * @module
 */
// Errors from the packages below that lk's clients pass on, so that users catch them from here.

export { KafkaError, UnsupportedVersionError } from '@lk/api';
export {
  type AbortedTransaction,
  BatchConfigError,
  CorruptBatchError,
  DecompressError,
  // Not an error: the switch to the native CRC-32C (in @lk/batch, which @lk/fake uses too).
  preferNativeCrc32c,
} from '@lk/batch';
export { DecodeError, EncodeError, FrameError, LkError } from '@lk/wire';
export { type BrokerAddress, formatAddress, parseAddress } from './address.ts';
export type { ApiVersionsResponse, NegotiatedVersions } from './api-versions.ts';
export { type Bootstrap, type BootstrapOptions, BootstrapResolver, type SrvResolver } from './bootstrap.ts';
export {
  BootstrapClient,
  type Coordinator,
  type CreateTopicsOptions,
  type CreateTopicsResponse,
  type DeleteTopicsResponse,
  type FindCoordinatorResponse,
  type NewTopic,
} from './bootstrap-client.ts';
export {
  BrokerPool,
  type BrokerPoolOptions,
  type ConnectionPurpose,
  type PooledConnection,
} from './broker-pool.ts';
export {
  Cluster,
  type ClusterCallOptions,
  type ClusterOptions,
  type RoutedResponse,
  type Target,
} from './cluster.ts';
export {
  type AnyApi,
  type CallOptions,
  Connection,
  type RequestInput,
  type RequestOf,
  type ResponseOf,
  type SaslSession,
} from './connection.ts';
export type { CoordinatorType } from './coordinator-lookup.ts';
export { exponentialBackoff } from './delay.ts';
export { deliveryOutcome, isRetriable } from './delivery.ts';
export {
  type ConnectionCloseMessage,
  type ConnectionFailedMessage,
  type ConnectionOpenMessage,
  type ConnectionReadyMessage,
  channels,
  type DialErrorMessage,
  type FetchMessage,
  type MetadataRefreshMessage,
  type PoolConnectionMessage,
  type ProduceMessage,
  type RequestEndMessage,
  type RequestErrorMessage,
  type RequestStartMessage,
  type RetryMessage,
} from './diagnostics.ts';
export {
  AbortError,
  ClientClosedError,
  ConfigError,
  type DeliveryOutcome,
  MetadataError,
  type MetadataErrorCode,
  ProduceError,
  ProtocolError,
  type ProtocolErrorCode,
  SaslError,
  type SaslErrorCode,
  TimeoutError,
  type TimeoutErrorCode,
  TransportError,
  type TransportErrorCode,
} from './errors.ts';
export {
  type CommitResult,
  type CommittedOffset,
  GroupClient,
  type GroupClientOptions,
  type JoinGroupResponse,
  type JoinParams,
  type OffsetToCommit,
  offsetCommitTopics,
  type SyncGroupResponse,
} from './group-client.ts';
export { fetchLeaderHints, type LeaderHints, produceLeaderHints } from './leader-hints.ts';
export {
  type BrokerMetadata,
  type LeaderHint,
  MetadataCache,
  type MetadataCacheOptions,
  type PartitionMetadata,
  type TopicMetadata,
} from './metadata-cache.ts';
export {
  leaderFromMetadata,
  MetadataClient,
  type MetadataResponse,
  type PartitionLeader,
} from './metadata-client.ts';
export { openConnection } from './open-connection.ts';
export {
  type ConnectionOptions,
  DEFAULT_CONNECTION_OPTIONS,
  type OAuthBearerToken,
  type ResolvedConnectionOptions,
  resolveConnectionOptions,
  type SaslOptions,
} from './options.ts';
export {
  type FetchParams,
  type FetchPartitionResponse,
  type FetchResponse,
  type ListOffsetsPartitionResponse,
  type ListOffsetsResponse,
  OffsetTimestamp,
  PartitionClient,
} from './partition-client.ts';
export {
  type FetchedRecords,
  type FetchResult,
  PartitionFetcher,
  type PartitionFetcherOptions,
  type RecordsOptions,
} from './partition-fetcher.ts';
export {
  type PartitionClientOptions,
  PartitionLeaderClient,
  type ProduceParams,
  type ProducePartitionResponse,
  type ProduceResponse,
} from './partition-leader-client.ts';
export {
  PartitionProducer,
  type PartitionProducerOptions,
  type ProduceResult,
} from './partition-producer.ts';
export { partitionErrorCode, topLevelErrorCode } from './response-errors.ts';
export { ResponseMemory } from './response-memory.ts';
export { type SaslTarget, saslMechanism } from './sasl/authenticate.ts';
export type { SaslMechanism } from './sasl/mechanism.ts';
export { oauthBearer } from './sasl/oauthbearer.ts';
export { plain, type SaslCredentials } from './sasl/plain.ts';
export {
  SCRAM_MAX_ITERATIONS,
  SCRAM_MIN_ITERATIONS,
  type ScramHash,
  scramSaltedPassword,
  scramSha256,
  scramSha512,
} from './sasl/scram.ts';
