import { performance } from 'node:perf_hooks';
import {
  Fetch,
  FetchSessionEpoch,
  IsolationLevel,
  kafkaErrorFor,
  ListOffsets,
  ListOffsetsTimestamp,
  Produce,
  ReplicaId,
} from '@lk/api';
import { ZERO_UUID } from '@lk/wire';
import type { Bootstrap, BootstrapOptions } from './bootstrap.ts';
import { BootstrapClient, type PartitionLeader } from './bootstrap-client.ts';
import type { AnyApi, CallOptions, Connection, RequestInput, ResponseOf } from './connection.ts';
import { delay } from './delay.ts';
import { ProtocolError } from './errors.ts';
import { ExclusiveConnection } from './exclusive-connection.ts';
import type { ConnectionOptions } from './options.ts';
import { acksOf } from './validate.ts';

/** The decoded Produce response body. */
export type ProduceResponse = ResponseOf<typeof Produce>;
/** The decoded Fetch response body. */
export type FetchResponse = ResponseOf<typeof Fetch>;
/** The decoded ListOffsets response body. */
export type ListOffsetsResponse = ResponseOf<typeof ListOffsets>;
/** One partition's part of a Produce response. */
export type ProducePartitionResponse = ProduceResponse['responses'][number]['partitionResponses'][number];
/** One partition's part of a Fetch response. */
export type FetchPartitionResponse = FetchResponse['responses'][number]['partitions'][number];
/** One partition's part of a ListOffsets response. */
export type ListOffsetsPartitionResponse = ListOffsetsResponse['topics'][number]['partitions'][number];

/** Options of a {@link PartitionClient}: the cluster, the partition, and how to connect. */
export interface PartitionClientOptions extends ConnectionOptions, BootstrapOptions {
  bootstrap: Bootstrap;
  topic: string;
  partition: number;
}

/** Special timestamps of ListOffsets. */
export const OffsetTimestamp = {
  /** The offset the next record will get (the high watermark, or the last stable offset). */
  latest: ListOffsetsTimestamp.LATEST,
  /** The log start offset. */
  earliest: ListOffsetsTimestamp.EARLIEST,
  /** The offset of the record with the highest timestamp (ListOffsets v7+). */
  maxTimestamp: ListOffsetsTimestamp.MAX,
} as const;

/** Parameters of one Fetch for the client's partition. */
export interface FetchParams {
  offset: bigint;
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  isolationLevel: IsolationLevel;
}

/** Parameters of one Produce for the client's partition. */
export interface ProduceParams {
  /** Marshalled record batches. */
  records: Uint8Array;
  acks: 0 | 1 | -1;
  /** How long the broker waits for replication acks (acks=-1). */
  timeoutMs: number;
}

/**
 * A client of one topic-partition: one connection to the partition leader, opened on first use, and
 * calls awaited one after another (concurrent callers queue, in order). After a transport, timeout,
 * abort or parse failure the connection is dropped and the next call reconnects; after an
 * invalid-metadata error code (NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH, ...) the leader is
 * looked up again. Fetch and ListOffsets carry the leader epoch Metadata gave (KIP-320): a broker no
 * longer leading at that epoch answers FENCED_LEADER_EPOCH, one that has not reached it yet
 * UNKNOWN_LEADER_EPOCH (retriable). Broker error codes are returned, not thrown: callers decide (see
 * {@link PartitionProducer} and {@link PartitionFetcher}, which do).
 *
 * @example
 * ```ts
 * const client = new PartitionClient({ bootstrap: '127.0.0.1:9092', topic: 'events', partition: 0 });
 * const { offset } = await client.listOffsets(OffsetTimestamp.latest);
 * client.close();
 * ```
 */
export class PartitionClient {
  readonly topic: string;
  readonly partition: number;
  /** Bootstrap calls (Metadata, ...) and the resolved connection options. */
  readonly cluster: BootstrapClient;
  private readonly link: ExclusiveConnection<PartitionLeader>;
  private throttledUntil = 0;

  constructor(options: PartitionClientOptions) {
    const { bootstrap, topic, partition, ...connectionOptions } = options;
    this.cluster = new BootstrapClient(bootstrap, connectionOptions);
    this.topic = topic;
    this.partition = partition;
    this.link = new ExclusiveConnection('the partition client', this.cluster.options, (signal) =>
      this.cluster.partitionLeader(topic, partition, { signal }),
    );
  }

  /** The partition leader, once looked up; null after an invalid-metadata error. */
  get leader(): PartitionLeader | null {
    return this.link.target;
  }

  set leader(leader: PartitionLeader | null) {
    this.link.target = leader;
  }

  /** The connection to the leader, once open. */
  get connection(): Connection | null {
    return this.link.connection;
  }

  /** True after {@link close}. */
  get closed(): boolean {
    return this.link.closed;
  }

  /** `host:port` of the leader connection, or of the leader last dialled; null before the first dial. */
  get broker(): string | null {
    return this.link.broker;
  }

  /**
   * Runs `task` with the leader connection, alone (after the calls queued before it). Errors from
   * connecting are thrown before `task` runs; a failed task drops the connection when it closed.
   * The building block of the producer and fetcher, and of {@link call}.
   */
  exclusive<T>(
    task: (connection: Connection, leader: PartitionLeader) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    return this.link.run(async (connection, leader) => {
      await delay(this.throttledUntil - performance.now(), signal);
      return task(connection, leader);
    }, signal);
  }

  /** Any request of @lk/api, sent to the partition leader. */
  call<A extends AnyApi>(
    api: A,
    request: RequestInput<A>,
    options: CallOptions = {},
  ): Promise<ResponseOf<A>> {
    return this.exclusive((connection) => connection.call(api, request, options), options.signal);
  }

  /**
   * ListOffsets for this partition: the first offset whose timestamp is at or after `timestamp`, or
   * one of {@link OffsetTimestamp}. Returns the partition's entry; check `errorCode`.
   */
  listOffsets(
    timestamp: bigint,
    options: CallOptions & { isolationLevel?: IsolationLevel } = {},
  ): Promise<ListOffsetsPartitionResponse & { throttleTimeMs: number }> {
    return this.exclusive(async (connection, leader) => {
      const request = {
        ...ListOffsets.newRequest(),
        replicaId: ReplicaId.CONSUMER,
        isolationLevel: options.isolationLevel ?? IsolationLevel.READ_UNCOMMITTED,
        topics: [
          {
            name: this.topic,
            partitions: [
              { partitionIndex: this.partition, currentLeaderEpoch: leader.leaderEpoch, timestamp },
            ],
          },
        ],
        timeoutMs: connection.options.requestTimeoutMs,
      };
      const response = await connection.call(ListOffsets, request, options);
      this.noteThrottle(response.throttleTimeMs);
      const entry = this.pick(
        response.topics.find((t: { name: string }) => t.name === this.topic)?.partitions,
        'partitionIndex',
      );
      this.noteErrorCode(entry.errorCode);
      return { ...entry, throttleTimeMs: response.throttleTimeMs };
    }, options.signal);
  }

  /** One Fetch for this partition. Returns the raw response and the partition's entry. */
  fetch(
    params: FetchParams,
    options: CallOptions = {},
  ): Promise<{ response: FetchResponse; partition: FetchPartitionResponse; broker: string }> {
    return this.exclusive(async (connection, leader) => {
      const request = {
        ...Fetch.newRequest(),
        replicaId: ReplicaId.CONSUMER,
        maxWaitMs: params.maxWaitMs,
        minBytes: params.minBytes,
        maxBytes: params.maxBytes,
        isolationLevel: params.isolationLevel,
        sessionId: 0,
        sessionEpoch: FetchSessionEpoch.FINAL,
        topics: [
          {
            topic: this.topic,
            topicId: leader.topicId,
            partitions: [
              {
                partition: this.partition,
                // KIP-320: a leader that is not (or no longer) at this epoch refuses the fetch.
                currentLeaderEpoch: leader.leaderEpoch,
                fetchOffset: params.offset,
                lastFetchedEpoch: -1,
                logStartOffset: -1n,
                partitionMaxBytes: params.maxBytes,
                replicaDirectoryId: ZERO_UUID,
                highWatermark: 0x7fffffffffffffffn,
              },
            ],
          },
        ],
        forgottenTopicsData: [],
        rackId: '',
      };
      // The fetch waits up to maxWaitMs on the broker: allow for it on top of the request timeout.
      const timeoutMs = options.timeoutMs ?? connection.options.requestTimeoutMs + params.maxWaitMs;
      const response = await connection.call(Fetch, request, { ...options, timeoutMs });
      this.noteThrottle(response.throttleTimeMs);
      const topic = response.responses.find(
        (t: { topic: string; topicId: string }) => t.topic === this.topic || t.topicId === leader.topicId,
      );
      const partition = this.pick(topic?.partitions, 'partitionIndex');
      this.noteErrorCode(response.errorCode || partition.errorCode);
      return { response, partition, broker: connection.broker };
    }, options.signal);
  }

  /**
   * One Produce for this partition. With acks=0 the request is written and nothing is awaited
   * (resolves to null). Otherwise returns the raw response and the partition's entry.
   */
  produce(
    params: ProduceParams,
    options: CallOptions = {},
  ): Promise<{ response: ProduceResponse; partition: ProducePartitionResponse; broker: string } | null> {
    return this.exclusive(
      (connection, leader) => this.produceOn(connection, leader, params, options),
      options.signal,
    );
  }

  /** {@link produce} on a connection already held through {@link exclusive}. */
  async produceOn(
    connection: Connection,
    leader: PartitionLeader,
    params: ProduceParams,
    options: CallOptions = {},
  ): Promise<{ response: ProduceResponse; partition: ProducePartitionResponse; broker: string } | null> {
    const request = {
      ...Produce.newRequest(),
      transactionalId: null,
      acks: acksOf('acks', params.acks),
      timeoutMs: params.timeoutMs,
      topicData: [
        {
          name: this.topic,
          topicId: leader.topicId,
          partitionData: [{ index: this.partition, records: params.records }],
        },
      ],
    };
    if (params.acks === 0) {
      await connection.send(Produce, request, options);
      return null;
    }
    // The broker may hold the request up to timeoutMs waiting for replicas: allow for it.
    const timeoutMs = options.timeoutMs ?? connection.options.requestTimeoutMs + params.timeoutMs;
    const response = await connection.call(Produce, request, { ...options, timeoutMs });
    this.noteThrottle(response.throttleTimeMs);
    const topic = response.responses.find(
      (t: { name: string; topicId: string }) => t.name === this.topic || t.topicId === leader.topicId,
    );
    const partition = this.pick(topic?.partitionResponses, 'index');
    this.noteErrorCode(partition.errorCode);
    return { response, partition, broker: connection.broker };
  }

  /** Drops the connection (and, with `forgetLeader`, the leader): the next call starts afresh. */
  disconnect(forgetLeader = false): void {
    this.link.disconnect(forgetLeader);
  }

  /** Closes the connection; later calls fail with `LK_CLIENT_CLOSED`. */
  close(): void {
    this.link.close();
  }

  /** After a partition error code: an invalid-metadata error sends the next call to a fresh leader. */
  noteErrorCode(errorCode: number): void {
    if (kafkaErrorFor(errorCode)?.invalidMetadata) this.disconnect(true);
  }

  private noteThrottle(throttleTimeMs: number): void {
    // KIP-219: the broker answers at once and expects the client to hold back for the throttle time.
    if (throttleTimeMs > 0) this.throttledUntil = performance.now() + throttleTimeMs;
  }

  private pick<E extends Record<K, number>, K extends string>(entries: readonly E[] | undefined, key: K): E {
    const entry = entries?.find((e) => e[key] === this.partition);
    if (entry === undefined) {
      this.disconnect();
      throw new ProtocolError(
        'LK_PROTOCOL_MISSING_PARTITION',
        `the response has no entry for ${this.topic}/${this.partition}`,
      );
    }
    return entry;
  }
}
