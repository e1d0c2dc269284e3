import { BATCH_HEADER_SIZE, type RecordToAdd } from '@lk/batch';
import { PendingBatch } from './pending-batch.ts';

/** One partition's batches: queued (oldest first; the last may still take records) and in flight. */
export class PartitionQueue {
  readonly topic: string;
  readonly partition: number;
  readonly queued: PendingBatch[] = [];
  /** Sent and not answered, in the order they were sent. */
  readonly inFlight: PendingBatch[] = [];
  /** Failed batches waiting for the rest in flight to return before going back in order. */
  readonly toRetry: PendingBatch[] = [];
  /** No send before this `performance.now()` time (retry backoff). */
  retryAt = 0;
  /** Consecutive failed attempts: the backoff's exponent. */
  failures = 0;
  /** A batch was acknowledged (since start, or since the last epoch bump). */
  acknowledged = false;
  private drained = 0;

  constructor(topic: string, partition: number) {
    this.topic = topic;
    this.partition = partition;
  }

  /** Sending paused: a failure is being sorted out (in-flight batches must return first). */
  get muted(): boolean {
    return this.toRetry.length > 0;
  }

  nextDrainOrder(): number {
    return ++this.drained;
  }

  /**
   * Once nothing is in flight, puts the failed batches back at the head, in their first-send order,
   * so a retry never overtakes an older batch.
   */
  requeueFailed(): void {
    if (this.inFlight.length > 0 || this.toRetry.length === 0) return;
    this.toRetry.sort((a, b) => a.drainOrder - b.drainOrder);
    this.queued.unshift(...this.toRetry.splice(0));
  }

  /** Batches not yet settled. */
  get size(): number {
    return this.queued.length + this.inFlight.length + this.toRetry.length;
  }
}

/** Per compression codec and topic: how much smaller batches get (Java's CompressionRatioEstimator). */
const IMPROVING_STEP = 0.005;
const DETERIORATING_STEP = 0.05;
const ESTIMATE_MARGIN = 1.05;

/**
 * The record accumulator: a {@link PartitionQueue} per partition in use, and the rule for when a
 * batch is full. A batch takes records while its estimated size stays within `batchSize`: the
 * uncompressed size with no codec, or times the topic's observed compression ratio (plus 5 %) with
 * one, as the Java client estimates. A record larger than `batchSize` gets a batch of its own.
 */
export class Accumulator {
  readonly batchSize: number;
  private readonly topics = new Map<string, PartitionQueue[]>();
  private readonly ratios = new Map<string, number>();
  private readonly compressed: boolean;

  constructor(batchSize: number, compressed: boolean) {
    this.batchSize = batchSize;
    this.compressed = compressed;
  }

  queue(topic: string, partition: number): PartitionQueue {
    let queues = this.topics.get(topic);
    if (queues === undefined) this.topics.set(topic, (queues = []));
    let queue = queues[partition];
    if (queue === undefined) queues[partition] = queue = new PartitionQueue(topic, partition);
    return queue;
  }

  /** Every partition queue, for the sender's scan. */
  *queues(): IterableIterator<PartitionQueue> {
    for (const queues of this.topics.values()) for (const queue of queues) if (queue) yield queue;
  }

  /** Queued batches per partition of `topic` (what the adaptive sticky partitioner weighs). */
  queueSizes(topic: string, partitionCount: number): number[] {
    const queues = this.topics.get(topic);
    const sizes = new Array<number>(partitionCount).fill(0);
    if (queues !== undefined)
      for (let p = 0; p < partitionCount; p++) sizes[p] = queues[p]?.queued.length ?? 0;
    return sizes;
  }

  /**
   * The open batch that takes `record`: the partition's last one when it has room, otherwise a new
   * one (the full one is closed). `created` says whether a batch was started; `bytes` is what the
   * record takes in it, exactly (its offset and timestamp deltas included), for
   * {@link PendingBatch.add}. `size` is the record's size as the first of a batch.
   */
  batchFor(
    queue: PartitionQueue,
    record: RecordToAdd,
    size: number,
    now: number,
  ): { batch: PendingBatch; created: boolean; bytes: number } {
    const last = queue.queued[queue.queued.length - 1];
    if (last !== undefined && !last.closed && last.built === null) {
      const bytes = last.sizeOf(record);
      if (this.estimate(queue.topic, last.bytes + bytes) <= this.batchSize)
        return { batch: last, created: false, bytes };
      last.closed = true;
    }
    const batch = new PendingBatch(queue.topic, queue.partition, now);
    queue.queued.push(batch);
    return { batch, created: true, bytes: size };
  }

  /** True when `batch` cannot take another record of about its average size. */
  isFull(batch: PendingBatch): boolean {
    if (batch.closed) return true;
    const count = batch.records.length;
    if (count === 0) return false;
    const average = (batch.bytes - BATCH_HEADER_SIZE) / count;
    return this.estimate(batch.topic, batch.bytes + average) > this.batchSize;
  }

  /** Learns a topic's compression ratio from a batch just compressed. */
  observe(topic: string, uncompressed: number, compressed: number): void {
    if (!this.compressed || uncompressed <= 0) return;
    const observed = compressed / uncompressed;
    const current = this.ratios.get(topic) ?? 1;
    const next =
      observed < current
        ? Math.max(current - IMPROVING_STEP, observed)
        : Math.max(current + DETERIORATING_STEP, observed);
    this.ratios.set(topic, Math.min(next, 1));
  }

  private estimate(topic: string, bytes: number): number {
    if (!this.compressed) return bytes;
    const ratio = this.ratios.get(topic) ?? 1;
    return BATCH_HEADER_SIZE + (bytes - BATCH_HEADER_SIZE) * ratio * ESTIMATE_MARGIN;
  }
}
