import type { ApiVersions } from '@lk/api';
import { kafkaErrorFor, Metadata } from '@lk/api';
import type { BrokerAddress } from './address.ts';
import { type Bootstrap, type BootstrapOptions, BootstrapResolver } from './bootstrap.ts';
import type { AnyApi, CallOptions, Connection, RequestInput, ResponseOf } from './connection.ts';
import { MetadataError, TimeoutError, TransportError } from './errors.ts';
import { metadataRequest } from './metadata-request.ts';
import { openConnection } from './open-connection.ts';
import {
  type ConnectionOptions,
  type ResolvedConnectionOptions,
  resolveConnectionOptions,
} from './options.ts';

/** The decoded Metadata response body. */
export type MetadataResponse = ResponseOf<typeof Metadata>;

/** The leader of one partition, from Metadata. */
export interface PartitionLeader {
  nodeId: number;
  address: BrokerAddress;
  leaderEpoch: number;
  /** The topic's id (Produce v13+ and Fetch v13+ address topics by id). */
  topicId: string;
}

/**
 * The bootstrap calls a partition client needs (connect, any API, ApiVersions, Metadata, a
 * partition's leader), apart from {@link BootstrapClient}'s admin calls so that an application
 * that only produces or fetches does not bundle their codecs. Each call opens a connection to the
 * first reachable bootstrap broker, makes one call and closes it. An SRV bootstrap is resolved
 * once and forgotten after a failure.
 *
 * @example
 * ```ts
 * const cluster = new MetadataClient('127.0.0.1:9092');
 * const leader = await cluster.partitionLeader('events', 0);
 * ```
 */
export class MetadataClient {
  readonly resolver: BootstrapResolver;
  readonly options: ResolvedConnectionOptions;

  constructor(bootstrap: Bootstrap, options: ConnectionOptions & BootstrapOptions = {}) {
    const { srvResolver, ...connectionOptions } = options;
    this.resolver = new BootstrapResolver(bootstrap, { srvResolver });
    this.options = resolveConnectionOptions(connectionOptions);
  }

  /**
   * Opens a connection to the first bootstrap broker that accepts one, trying them in order. A
   * broker that cannot be reached is skipped; an authentication failure is thrown at once.
   */
  async connect(signal?: AbortSignal): Promise<Connection> {
    let lastError: unknown;
    for (const address of await this.resolver.addresses()) {
      try {
        return await openConnection(address, this.options, signal);
      } catch (error) {
        lastError = error;
        if (!isUnreachable(error)) break;
      }
    }
    this.resolver.forget();
    throw lastError;
  }

  /** Any request of @lk/api on a bootstrap broker (libkafka's `GroupClient.Call` for the cluster). */
  async call<A extends AnyApi>(
    api: A,
    request: RequestInput<A>,
    options: CallOptions = {},
  ): Promise<ResponseOf<A>> {
    const connection = await this.connect(options.signal);
    try {
      return await connection.call(api, request, options);
    } catch (error) {
      this.resolver.forget();
      throw error;
    } finally {
      connection.close();
    }
  }

  /** The broker's ApiVersions answer (a connection negotiates it anyway; this returns it raw). */
  async apiVersions(signal?: AbortSignal): Promise<ResponseOf<typeof ApiVersions>> {
    const connection = await this.connect(signal);
    connection.close();
    return connection.apiVersionsResponse as ResponseOf<typeof ApiVersions>;
  }

  /** Metadata for `topics` (all topics when null). Never creates topics. */
  metadata(topics: readonly string[] | null, options: CallOptions = {}): Promise<MetadataResponse> {
    return this.call(Metadata, metadataRequest(topics), options);
  }

  /** Looks up the current leader of `topic`/`partition`. Throws {@link MetadataError} or the KafkaError. */
  async partitionLeader(
    topic: string,
    partition: number,
    options: CallOptions = {},
  ): Promise<PartitionLeader> {
    return leaderFromMetadata(await this.metadata([topic], options), topic, partition);
  }
}

/** Extracts the leader of `topic`/`partition` from a Metadata response. */
export function leaderFromMetadata(
  metadata: MetadataResponse,
  topic: string,
  partition: number,
): PartitionLeader {
  const topicEntry = metadata.topics.find((t: { name: string | null }) => t.name === topic);
  const topicError = topicEntry ? kafkaErrorFor(topicEntry.errorCode) : null;
  if (topicEntry === undefined || topicError !== null) {
    throw new MetadataError('LK_METADATA_NO_PARTITION', `topic ${topic} is not available`, {
      cause: topicError,
    });
  }
  const partitionEntry = topicEntry.partitions.find(
    (p: { partitionIndex: number }) => p.partitionIndex === partition,
  );
  if (partitionEntry === undefined) {
    throw new MetadataError('LK_METADATA_NO_PARTITION', `partition ${topic}/${partition} does not exist`);
  }
  const partitionError = kafkaErrorFor(partitionEntry.errorCode);
  if (partitionEntry.leaderId < 0 || partitionError?.invalidMetadata) {
    throw new MetadataError('LK_METADATA_NO_LEADER', `partition ${topic}/${partition} has no leader`, {
      cause: partitionError,
    });
  }
  const broker = metadata.brokers.find((b: { nodeId: number }) => b.nodeId === partitionEntry.leaderId);
  if (broker === undefined) {
    throw new MetadataError(
      'LK_METADATA_NO_BROKER',
      `leader ${partitionEntry.leaderId} of ${topic}/${partition} is not among the brokers`,
    );
  }
  return {
    nodeId: broker.nodeId,
    address: { host: broker.host, port: broker.port },
    leaderEpoch: partitionEntry.leaderEpoch,
    topicId: topicEntry.topicId,
  };
}

/** True for failures where another bootstrap broker may do better (cannot connect, no answer). */
function isUnreachable(error: unknown): boolean {
  return error instanceof TransportError || error instanceof TimeoutError;
}
