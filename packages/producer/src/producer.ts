import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, KafkaError } from '@lk/api';
import { BATCH_HEADER_SIZE, type Batch, type RecordToAdd, recordSizeInBatch } from '@lk/batch';
import {
  type Bootstrap,
  type BootstrapOptions,
  ClientClosedError,
  Cluster,
  ConfigError,
  type ConnectionOptions,
  exponentialBackoff,
  MetadataError,
  ProduceError,
  preferNativeCrc32c,
  TimeoutError,
} from '@lk/client';
import { Accumulator } from './accumulator.ts';
import { BufferMemory } from './buffer-memory.ts';
import { IdempotenceState } from './idempotence.ts';
import { type ProducerRecord, toRecordToAdd } from './normalize.ts';
import { type ProducerSettings, type ResolvedSettings, resolveSettings, splitSettings } from './options.ts';
import { type ChoosePartition, choosePartitionFor } from './partitioners.ts';
import { PendingBatch } from './pending-batch.ts';
import { type BatchMetadata, type RecordMetadata, type SendBatchOptions, SendCall } from './send-call.ts';
import { Sender } from './sender.ts';
import { StickyPartitioner } from './sticky.ts';

/** Options of a {@link Producer}: the cluster (a bootstrap, or a shared {@link Cluster}) and the settings. */
export interface ProducerOptions extends ProducerSettings, ConnectionOptions, BootstrapOptions {
  /** `host:port` list (or a DNS SRV name) to connect to; not needed with `cluster`. */
  bootstrap?: Bootstrap;
  /** A cluster to share with other clients; the producer then leaves it open on close. */
  cluster?: Cluster;
}

/**
 * A producer for every partition of every topic: records are partitioned (murmur2 of the key as
 * the Java client does, uniform sticky without one), gathered per partition for `lingerMs` or up to
 * `batchSize`, and sent as one Produce request per broker, pipelined, idempotent by default.
 * Every promise `send` returns settles: with where the record landed, or with a
 * {@link ProduceError} whose `outcome` says whether it may be in the log.
 *
 * @example
 * ```ts
 * const producer = new Producer({ bootstrap: '127.0.0.1:9092' });
 * const { partition, offset } = await producer.send('events', { key: 'user-1', value: 'hello' });
 * await producer.send('events', [{ value: 'a' }, { value: 'b' }]);
 * await producer.close(); // flushes first
 * ```
 */
export class Producer {
  readonly cluster: Cluster;
  readonly settings: ResolvedSettings;
  /** Producer id, epoch and sequences (null when not idempotent). */
  readonly idempotence: IdempotenceState | null;
  private readonly ownsCluster: boolean;
  private readonly accumulator: Accumulator;
  private readonly memory: BufferMemory;
  private readonly sender: Sender;
  private readonly sticky: StickyPartitioner;
  private readonly choosePartition: ChoosePartition;
  /** Sends that could not be appended at once, chained to keep the order of `send` calls. */
  private tail: Promise<void> | null = null;
  private closing = false;
  private forced = false;

  constructor(options: ProducerOptions) {
    const { bootstrap, cluster, ...rest } = options;
    const [settings, connectionOptions] = splitSettings(rest);
    this.settings = resolveSettings(settings);
    if (cluster === undefined && bootstrap === undefined) {
      throw new ConfigError('bootstrap (or cluster) is needed');
    }
    const s = this.settings;
    this.ownsCluster = cluster === undefined;
    this.cluster =
      cluster ??
      new Cluster({
        ...connectionOptions,
        bootstrap: bootstrap!,
        maxInFlight: s.maxInFlight,
        retryBackoffMs: s.retryBackoffMs,
        retryBackoffMaxMs: s.retryBackoffMaxMs,
      });
    this.idempotence = s.idempotent ? new IdempotenceState() : null;
    this.accumulator = new Accumulator(s.batchSize, s.compression !== null);
    this.memory = new BufferMemory(s.bufferMemory);
    this.sender = new Sender(s, this.accumulator, this.cluster, this.idempotence, this.memory);
    this.sticky = new StickyPartitioner(s.batchSize, (topic, count) => this.partitionLoads(topic, count));
    this.choosePartition = choosePartitionFor(s.partitioner, this.sticky);
    // Each batch is checksummed once when built: the native CRC-32C (when @node-rs/crc32 is
    // installed) takes ~3x less CPU than the WebAssembly default. Batches built before it loaded
    // use the default.
    void preferNativeCrc32c();
  }

  /** Bytes of records held, not yet settled. */
  get bufferedBytes(): number {
    return this.memory.used;
  }

  /**
   * Sends one record, or several in order (one promise for all: it settles once every record
   * has, with their metadata in order, or with the first failure). Waits, up to `maxBlockMs`,
   * for the topic's metadata and for buffer memory; the records are then batched and sent.
   */
  send(topic: string, record: ProducerRecord): Promise<RecordMetadata>;
  send(topic: string, records: readonly ProducerRecord[]): Promise<RecordMetadata[]>;
  send(
    topic: string,
    input: ProducerRecord | readonly ProducerRecord[],
  ): Promise<RecordMetadata | RecordMetadata[]> {
    const many = Array.isArray(input);
    const list: readonly ProducerRecord[] = many ? input : [input as ProducerRecord];
    return this.sendCall(topic, list, new SendCall(list.length, many ? 'many' : 'one')) as Promise<
      RecordMetadata | RecordMetadata[]
    >;
  }

  /**
   * Sends records in order as `send(topic, records)` does, and resolves with how many were
   * written instead of each record's metadata (or rejects with the first failure): no object per
   * record once they are acknowledged, for bulk loads such as `lk produce`.
   *
   * @example
   * ```ts
   * const written = await producer.sendAll('events', lines.map((value) => ({ value })));
   * ```
   */
  sendAll(topic: string, records: readonly ProducerRecord[]): Promise<number> {
    return this.sendCall(topic, records, new SendCall(records.length, 'count')) as Promise<number>;
  }

  private sendCall(topic: string, list: readonly ProducerRecord[], call: SendCall): SendCall['promise'] {
    if (this.closing) {
      call.failed(this.closedError(topic), list.length);
      return call.promise;
    }
    const deadline = performance.now() + this.settings.maxBlockMs;
    let from = 0;
    if (this.tail === null) {
      from = this.appendAtOnce(topic, list, call);
      if (from === list.length) return call.promise;
    }
    this.enqueue(() => this.appendWaiting(topic, list, from, call, deadline));
    return call.promise;
  }

  /**
   * Sends a batch built by the caller (e.g. with `Builder`, compressed or not) to `partition` as it
   * is; an idempotent producer stamps its producer id, epoch and sequence into a copy. Resolves with
   * the batch's {@link BatchMetadata} once acknowledged: its records are at `baseOffset` + 0, 1, ...
   * (one result per batch, none per record: the path for producers that build their own batches).
   * With `stampInPlace`, the batch's memory is the producer's until the promise settles: the stamp
   * is written into it instead of into a copy (a later restamp, after an epoch bump, still copies).
   */
  sendBatch(
    topic: string,
    partition: number,
    batch: Batch,
    options: SendBatchOptions = {},
  ): Promise<BatchMetadata> {
    const size = BATCH_HEADER_SIZE + batch.records.length;
    if (this.closing) return Promise.reject(this.closedError(topic, partition));
    const deadline = performance.now() + this.settings.maxBlockMs;
    return new Promise((resolve, reject) => {
      this.enqueue(async () => {
        try {
          const count = await this.waitForTopic(topic, deadline);
          this.checkPartition(topic, partition, count);
          this.checkSize(topic, partition, size);
          await this.reserveMemory(size, deadline, topic, partition);
          // One settlement for the whole batch: no call entry, no metadata object per record.
          const pending = PendingBatch.of(
            topic,
            partition,
            batch,
            performance.now(),
            options.stampInPlace === true,
            (error, baseOffset, logAppendTime) => {
              if (error !== null) reject(error);
              else resolve({ topic, partition, baseOffset, recordCount: batch.recordsCount, logAppendTime });
            },
          );
          const queue = this.accumulator.queue(topic, partition);
          queue.queued.at(-1)?.close();
          queue.queued.push(pending);
          this.sender.wake();
        } catch (error) {
          reject(error as Error);
        }
      });
    });
  }

  /** Sends everything handed over so far at once (no linger) and waits until it all settled. */
  async flush(): Promise<void> {
    while (this.tail !== null) await this.tail;
    const pending: Promise<void>[] = [];
    for (const queue of this.accumulator.queues()) {
      for (const list of [queue.queued, queue.inFlight, queue.toRetry]) {
        for (const batch of list) pending.push(batch.whenSettled());
      }
    }
    this.sender.urgent++;
    this.sender.wake();
    try {
      await Promise.all(pending);
    } finally {
      this.sender.urgent--;
    }
  }

  /**
   * Stops taking records, flushes, and closes the connections (unless the cluster was passed in).
   * With `force`, fails everything not yet acknowledged at once instead (a `ProduceError` caused by
   * `ClientClosedError`: NOT_PERSISTED for batches never sent, POSSIBLY_PERSISTED for sent ones).
   */
  async close(options: { force?: boolean } = {}): Promise<void> {
    this.closing = true;
    if (options.force) {
      this.forced = true;
      const closed = new ClientClosedError('the producer');
      this.memory.failWaiters(() => new ProduceError('NOT_PERSISTED', '', -1, closed, 0));
      for (const queue of this.accumulator.queues()) {
        for (const list of [queue.queued, queue.inFlight, queue.toRetry]) {
          for (const batch of list.splice(0)) this.sender.fail(batch, closed);
        }
      }
      while (this.tail !== null) await this.tail;
    } else {
      await this.flush();
    }
    this.sender.stop();
    if (this.ownsCluster) this.cluster.close();
  }

  /** Appends what can be appended without waiting; returns the index of the first record that must wait. */
  private appendAtOnce(topic: string, list: readonly ProducerRecord[], call: SendCall): number {
    const count = this.cluster.metadata.topic(topic)?.partitions.length ?? 0;
    if (count === 0) return 0;
    const now = Date.now();
    // One clock reading per call for the batches it starts (they wait lingerMs from there).
    const createdAt = performance.now();
    for (let i = 0; i < list.length; i++) {
      const input = list[i]!;
      const record = toRecordToAdd(input, now);
      const size = recordSizeInBatch(record);
      let partition: number;
      try {
        partition = this.partitionOf(topic, input, record, count);
        this.checkSize(topic, partition, size + BATCH_HEADER_SIZE);
      } catch (error) {
        call.failed(error as Error);
        continue;
      }
      if (!this.memory.tryReserve(size)) return i;
      this.append(topic, partition, record, size, call, i, count, createdAt);
    }
    return list.length;
  }

  /** Appends records from `from` on, waiting for metadata and memory up to `deadline`. */
  private async appendWaiting(
    topic: string,
    list: readonly ProducerRecord[],
    from: number,
    call: SendCall,
    deadline: number,
  ): Promise<void> {
    for (let i = from; i < list.length; i++) {
      try {
        if (this.forced) throw this.closedError(topic);
        const count = await this.waitForTopic(topic, deadline);
        const input = list[i]!;
        const record = toRecordToAdd(input, Date.now());
        const size = recordSizeInBatch(record);
        const partition = this.partitionOf(topic, input, record, count);
        this.checkSize(topic, partition, size + BATCH_HEADER_SIZE);
        await this.reserveMemory(size, deadline, topic, partition);
        if (this.forced) {
          this.memory.release(size);
          throw this.closedError(topic);
        }
        this.append(topic, partition, record, size, call, i, count, performance.now());
      } catch (error) {
        // Waiting failed (timeout, close): this record and the rest of the call fail with it.
        const fatal = error instanceof ProduceError && error.attempts === 0;
        call.failed(error as Error, fatal ? list.length - i : 1);
        if (fatal) return;
      }
    }
  }

  private append(
    topic: string,
    partition: number,
    record: RecordToAdd,
    size: number,
    call: SendCall,
    index: number,
    partitionCount: number,
    now: number,
  ): void {
    const queue = this.accumulator.queue(topic, partition);
    const { batch, created, bytes } = this.accumulator.batchFor(queue, record, size, now);
    batch.add(record, bytes, size, call, index);
    this.sticky.appended(topic, partition, size, partitionCount);
    if (created || this.accumulator.isFull(batch)) this.sender.wake();
  }

  private partitionOf(topic: string, input: ProducerRecord, record: RecordToAdd, count: number): number {
    const partition =
      input.partition ??
      this.choosePartition({
        topic,
        key: record.key ?? null,
        value: record.value ?? null,
        partitionCount: count,
      });
    if (!Number.isInteger(partition) || partition < 0 || partition >= count) {
      throw new ProduceError(
        'NOT_PERSISTED',
        topic,
        partition,
        new MetadataError('LK_METADATA_NO_PARTITION', `${topic} has ${count} partitions, not ${partition}`),
        0,
      );
    }
    return partition;
  }

  /** Waits for `size` bytes of buffer memory until `deadline` (a `performance.now()` time). */
  private reserveMemory(size: number, deadline: number, topic: string, partition: number): Promise<void> {
    return this.memory.reserve(
      size,
      deadline - performance.now(),
      this.settings.maxBlockMs,
      topic,
      partition,
    );
  }

  private checkPartition(topic: string, partition: number, count: number): void {
    if (Number.isInteger(partition) && partition >= 0 && partition < count) return;
    throw new ProduceError(
      'NOT_PERSISTED',
      topic,
      partition,
      new MetadataError('LK_METADATA_NO_PARTITION', `${topic} has ${count} partitions, not ${partition}`),
      0,
    );
  }

  /** Refuses, as the Java client does, a record that could never be sent or buffered. */
  private checkSize(topic: string, partition: number, size: number): void {
    const { maxRequestSize, bufferMemory } = this.settings;
    if (size <= maxRequestSize && size <= bufferMemory) return;
    const limit =
      size > maxRequestSize ? `maxRequestSize (${maxRequestSize})` : `bufferMemory (${bufferMemory})`;
    const cause = new KafkaError(
      ErrorCode.MESSAGE_TOO_LARGE,
      `the record takes ${size} bytes, more than ${limit}`,
    );
    throw new ProduceError('NOT_PERSISTED', topic, partition, cause, 0);
  }

  /** The topic's partition count, refreshing metadata until it is known or `deadline` passes. */
  private async waitForTopic(topic: string, deadline: number): Promise<number> {
    for (let attempt = 1; ; attempt++) {
      const count = this.cluster.metadata.topic(topic)?.partitions.length ?? 0;
      if (count > 0) return count;
      const left = deadline - performance.now();
      if (left <= 0 || this.forced) {
        const cause = this.forced
          ? new ClientClosedError('the producer')
          : new TimeoutError(
              'LK_TIMEOUT_METADATA',
              `topic ${topic} not in the metadata within maxBlockMs (${this.settings.maxBlockMs})`,
              this.settings.maxBlockMs,
            );
        throw new ProduceError('NOT_PERSISTED', topic, -1, cause, 0);
      }
      try {
        await this.cluster.metadata.refresh([topic]);
      } catch {
        // Unreachable brokers: try again until the deadline.
      }
      if ((this.cluster.metadata.topic(topic)?.partitions.length ?? 0) === 0) {
        const { retryBackoffMs, retryBackoffMaxMs } = this.settings;
        const backoff = exponentialBackoff(attempt, retryBackoffMs, retryBackoffMaxMs);
        await sleep(Math.min(backoff, Math.max(0, deadline - performance.now())));
      }
    }
  }

  /** What the adaptive sticky partitioner weighs: queued batches, -1 for partitions without a leader. */
  private partitionLoads(topic: string, count: number): number[] {
    const sizes = this.accumulator.queueSizes(topic, count);
    const partitions = this.cluster.metadata.topic(topic)?.partitions;
    for (let p = 0; p < count; p++) if ((partitions?.[p]?.leaderId ?? -1) < 0) sizes[p] = -1;
    return sizes;
  }

  private enqueue(task: () => Promise<void>): void {
    const tail = (this.tail ?? Promise.resolve()).then(task);
    this.tail = tail;
    void tail.finally(() => {
      if (this.tail === tail) this.tail = null;
    });
  }

  private closedError(topic: string, partition = -1): ProduceError {
    return new ProduceError('NOT_PERSISTED', topic, partition, new ClientClosedError('the producer'), 0);
  }
}
