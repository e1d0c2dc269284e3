import { performance } from 'node:perf_hooks';
import { kafkaErrorFor, Produce } from '@lk/api';
import type { Bootstrap, BootstrapOptions } from './bootstrap.ts';
import type { AnyApi, CallOptions, Connection, RequestInput, ResponseOf } from './connection.ts';
import { delay } from './delay.ts';
import { ProtocolError } from './errors.ts';
import { ExclusiveConnection } from './exclusive-connection.ts';
import { MetadataClient, type PartitionLeader } from './metadata-client.ts';
import type { ConnectionOptions } from './options.ts';
import { acksOf } from './validate.ts';

/** The decoded Produce response body. */
export type ProduceResponse = ResponseOf<typeof Produce>;
/** One partition's part of a Produce response. */
export type ProducePartitionResponse = ProduceResponse['responses'][number]['partitionResponses'][number];

/** Options of a {@link PartitionClient}: the cluster, the partition, and how to connect. */
export interface PartitionClientOptions extends ConnectionOptions, BootstrapOptions {
  bootstrap: Bootstrap;
  topic: string;
  partition: number;
}

/**
 * A one-partition Produce frame beyond its topic name and records: header (a client id of up to
 * about 100 bytes) and fields; a longer client id grows the buffer once.
 */
const PRODUCE_REQUEST_OVERHEAD = 192;
/** UTF-8 bytes per UTF-16 code unit, at most. */
const UTF8_BYTES_PER_UNIT = 3;
/** Records of at least this many bytes are written as they are; below, a copy costs less than a piece more. */
const SHARE_RECORDS_FROM = 4096;

/** Parameters of one Produce for the client's partition. */
export interface ProduceParams {
  /** Marshalled record batches. */
  records: Uint8Array;
  acks: 0 | 1 | -1;
  /** How long the broker waits for replication acks (acks=-1). */
  timeoutMs: number;
}

/**
 * One connection to a topic-partition's leader, opened on first use, and calls awaited one after
 * another (concurrent callers queue, in order), with Produce: the part of {@link PartitionClient}
 * that a {@link PartitionProducer} uses, apart so that an application that only produces does not
 * bundle the Fetch and ListOffsets codecs. After a transport, timeout, abort or parse failure the
 * connection is dropped and the next call reconnects; after an invalid-metadata error code the
 * leader is looked up again. Broker error codes are returned, not thrown.
 *
 * @example
 * ```ts
 * const client = new PartitionLeaderClient({ bootstrap: '127.0.0.1:9092', topic: 'events', partition: 0 });
 * const leader = await client.exclusive(async (_connection, leader) => leader);
 * client.close();
 * ```
 */
export class PartitionLeaderClient {
  readonly topic: string;
  readonly partition: number;
  /** Bootstrap calls (Metadata, ...) and the resolved connection options. */
  readonly cluster: MetadataClient;
  private readonly link: ExclusiveConnection<PartitionLeader>;
  private throttledUntil = 0;

  /** `newCluster` builds the bootstrap client: a subclass may want more calls than Metadata. */
  constructor(
    options: PartitionClientOptions,
    newCluster: (bootstrap: Bootstrap, options: ConnectionOptions & BootstrapOptions) => MetadataClient = (
      bootstrap,
      connectionOptions,
    ) => new MetadataClient(bootstrap, connectionOptions),
  ) {
    const { bootstrap, topic, partition, ...connectionOptions } = options;
    this.cluster = newCluster(bootstrap, connectionOptions);
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
    // The records go to the socket as they are (writev), not copied into the frame, when large;
    // the frame's buffer is allocated once at about the size of the rest, not grown by doubling.
    const shareBytesFrom = options.shareBytesFrom ?? SHARE_RECORDS_FROM;
    const requestSizeHint =
      options.requestSizeHint ??
      PRODUCE_REQUEST_OVERHEAD +
        UTF8_BYTES_PER_UNIT * this.topic.length +
        (params.records.length >= shareBytesFrom ? 0 : params.records.length);
    const sized = { ...options, requestSizeHint, shareBytesFrom };
    if (params.acks === 0) {
      await connection.send(Produce, request, sized);
      return null;
    }
    // The broker may hold the request up to timeoutMs waiting for replicas: allow for it.
    const timeoutMs = options.timeoutMs ?? connection.options.requestTimeoutMs + params.timeoutMs;
    const response = await connection.call(Produce, request, { ...sized, timeoutMs });
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

  /** Holds the next call back for a response's throttle time. */
  protected noteThrottle(throttleTimeMs: number): void {
    // KIP-219: the broker answers at once and expects the client to hold back for the throttle time.
    if (throttleTimeMs > 0) this.throttledUntil = performance.now() + throttleTimeMs;
  }

  /** The entry of this partition in a response's list; a missing one is a ProtocolError. */
  protected pick<E extends Record<K, number>, K extends string>(
    entries: readonly E[] | undefined,
    key: K,
  ): E {
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
