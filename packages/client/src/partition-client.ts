import {
  Fetch,
  FetchSessionEpoch,
  IsolationLevel,
  ListOffsets,
  ListOffsetsTimestamp,
  ReplicaId,
} from '@lk/api';
import { ZERO_UUID } from '@lk/wire';
import { BootstrapClient } from './bootstrap-client.ts';
import type { CallOptions, ResponseOf } from './connection.ts';
import { type PartitionClientOptions, PartitionLeaderClient } from './partition-leader-client.ts';

/** The decoded Fetch response body. */
export type FetchResponse = ResponseOf<typeof Fetch>;
/** The decoded ListOffsets response body. */
export type ListOffsetsResponse = ResponseOf<typeof ListOffsets>;
/** One partition's part of a Fetch response. */
export type FetchPartitionResponse = FetchResponse['responses'][number]['partitions'][number];
/** One partition's part of a ListOffsets response. */
export type ListOffsetsPartitionResponse = ListOffsetsResponse['topics'][number]['partitions'][number];

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
export class PartitionClient extends PartitionLeaderClient {
  /** Bootstrap calls (Metadata, CreateTopics, ...) and the resolved connection options. */
  declare readonly cluster: BootstrapClient;

  constructor(options: PartitionClientOptions) {
    super(options, (bootstrap, connectionOptions) => new BootstrapClient(bootstrap, connectionOptions));
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
}
