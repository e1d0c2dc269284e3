import diagnosticsChannel from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import { ErrorCode, InitProducerId, KafkaError, kafkaErrorFor, Produce } from '@lk/api';
import {
  type Cluster,
  type Connection,
  deliveryOutcome,
  exponentialBackoff,
  isRetriable,
  ProduceError,
  TimeoutError,
} from '@lk/client';
import type { Accumulator, PartitionQueue } from './accumulator.ts';
import { BatchBuffers } from './batch-buffers.ts';
import type { BufferMemory } from './buffer-memory.ts';
import { type IdempotenceState, SEQUENCE_ERRORS } from './idempotence.ts';
import type { ResolvedSettings } from './options.ts';
import type { PendingBatch } from './pending-batch.ts';
import {
  entryFor,
  type PartitionResponse,
  type ProduceResponse,
  produceRequest,
  produceRequestSize,
  SHARE_BATCHES_FROM,
} from './produce-request.ts';

/** `lk:producer:request`: one Produce request of a Producer ended ({@link ProducerRequestMessage}). */
export const producerRequestChannel = diagnosticsChannel.channel('lk:producer:request');

/** The message of `lk:producer:request`. */
export interface ProducerRequestMessage {
  nodeId: number;
  /** `host:port`, or '' when no connection could be had. */
  broker: string;
  partitions: {
    topic: string;
    partition: number;
    records: number;
    bytes: number;
    attempt: number;
    /** The partition's error code in the response (0: written; -1: no response). */
    errorCode: number;
  }[];
  /** Bytes of record batches in the request. */
  bytes: number;
  /** From handing the request over to the response (or failure). */
  durationMs: number;
  error: Error | null;
}

/**
 * Sends what the accumulator gathered: one Produce request per broker with one ready batch of
 * each partition it leads, up to `maxInFlight` requests per broker, and settles every record.
 *
 * Ordering: a partition may have several batches in flight; when one fails, the partition stops
 * sending until the others returned, then every failed batch goes back to the head of its queue
 * in first-send order (with their sequence numbers, when idempotent) after the retry backoff.
 * Idempotent sequence trouble (KIP-360) bumps the epoch once nothing at all is in flight.
 */
export class Sender {
  private readonly inFlightByNode = new Map<number, number>();
  private inFlight = 0;
  private scheduled = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private initializing = false;
  private initFailures = 0;
  private initRetryAt = 0;
  /** While > 0 every batch counts as ready (flush, close). */
  urgent = 0;
  private stopped = false;
  private readonly settings: ResolvedSettings;
  private readonly accumulator: Accumulator;
  private readonly cluster: Cluster;
  private readonly idempotence: IdempotenceState | null;
  private readonly memory: BufferMemory;

  /** Output memory of built batches, reused after acknowledgement. */
  private readonly buffers: BatchBuffers;

  constructor(
    settings: ResolvedSettings,
    accumulator: Accumulator,
    cluster: Cluster,
    idempotence: IdempotenceState | null,
    memory: BufferMemory,
  ) {
    this.settings = settings;
    this.accumulator = accumulator;
    this.cluster = cluster;
    this.idempotence = idempotence;
    this.memory = memory;
    // Up to the buffer memory in spare buffers of about a batch each (a buffer grows by half past
    // what a batch needed, so twice the batch size bounds a batch-sized one).
    this.buffers = new BatchBuffers(settings.bufferMemory, 2 * settings.batchSize);
  }

  /** Requests in flight, over every broker. */
  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Looks for work soon (coalesced into one pass per turn of the event loop). */
  wake(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  /** Stops sending; in-flight requests still settle their batches. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private drain(): void {
    if (this.stopped) return;
    const now = performance.now();
    let nextAt = Number.POSITIVE_INFINITY;
    if (this.idempotence !== null && !this.producerReady(now)) {
      nextAt = Math.max(this.initRetryAt, now + 1);
    } else {
      for (let round = 0; round < this.settings.maxInFlight; round++) {
        const { requests, wakeAt } = this.collect(now);
        nextAt = Math.min(nextAt, wakeAt);
        if (requests.size === 0) break;
        for (const [nodeId, batches] of requests) this.dispatch(nodeId, batches, now);
      }
    }
    this.expireQueued(now);
    this.schedule(nextAt);
  }

  /** True when batches may be stamped; otherwise starts InitProducerId or the epoch bump. */
  private producerReady(now: number): boolean {
    const state = this.idempotence!;
    if (state.bumpNeeded) {
      if (this.inFlight > 0) return false;
      state.bump();
      // Under the new epoch each partition must see sequence 0 first.
      for (const queue of this.accumulator.queues()) queue.acknowledged = false;
    }
    if (state.hasProducerId) return true;
    if (!this.initializing && now >= this.initRetryAt) this.initProducerId();
    return false;
  }

  private async initProducerId(): Promise<void> {
    this.initializing = true;
    try {
      const { connection } = await this.cluster.pool.anyConnection();
      const response = await connection.call(InitProducerId, {
        ...InitProducerId.newRequest(),
        transactionalId: null,
        transactionTimeoutMs: this.settings.deliveryTimeoutMs,
        producerId: -1n,
        producerEpoch: -1,
      });
      const error = kafkaErrorFor(response.errorCode);
      if (error !== null) throw error;
      this.idempotence!.setProducerId(response.producerId, response.producerEpoch);
      this.initFailures = 0;
    } catch {
      // Batches wait (and expire at their delivery timeout) while no producer id can be had.
      this.initFailures++;
      this.initRetryAt =
        performance.now() +
        exponentialBackoff(this.initFailures, this.settings.retryBackoffMs, this.settings.retryBackoffMaxMs);
    } finally {
      this.initializing = false;
      this.wake();
    }
  }

  /** The ready head batch of each sendable partition, grouped by leader, within request size limits. */
  private collect(now: number): { requests: Map<number, PendingBatch[]>; wakeAt: number } {
    const { lingerMs, maxInFlight, maxRequestSize } = this.settings;
    const requests = new Map<number, PendingBatch[]>();
    const sizes = new Map<number, number>();
    let wakeAt = Number.POSITIVE_INFINITY;
    const pressed = this.urgent > 0 || this.memory.blocked;
    for (const queue of this.accumulator.queues()) {
      queue.requeueFailed();
      const head = queue.queued[0];
      if (head === undefined || queue.muted || queue.inFlight.length >= this.partitionLimit(queue)) continue;
      if (now < queue.retryAt) {
        wakeAt = Math.min(wakeAt, queue.retryAt);
        continue;
      }
      const ready =
        pressed ||
        head.built !== null ||
        queue.queued.length > 1 ||
        this.accumulator.isFull(head) ||
        now - head.createdAt >= lingerMs;
      if (!ready) {
        wakeAt = Math.min(wakeAt, head.createdAt + lingerMs);
        continue;
      }
      const leader = this.cluster.metadata.partition(queue.topic, queue.partition)?.leaderId ?? -1;
      if (leader < 0) {
        this.refresh(queue.topic);
        wakeAt = Math.min(wakeAt, now + this.settings.retryBackoffMs);
        continue;
      }
      if ((this.inFlightByNode.get(leader) ?? 0) >= maxInFlight) continue;
      const size = sizes.get(leader) ?? 0;
      if (size > 0 && size + head.bytes > maxRequestSize) continue;
      sizes.set(leader, size + head.bytes);
      let batches = requests.get(leader);
      if (batches === undefined) requests.set(leader, (batches = []));
      batches.push(head);
    }
    return { requests, wakeAt };
  }

  /**
   * Batches a partition may have in flight: one until the partition's first batch (since start or
   * an epoch bump) was acknowledged and after a failure, so that a later batch never gets in
   * first (a broker without state for the producer takes any first sequence); then `maxInFlight`.
   */
  private partitionLimit(queue: PartitionQueue): number {
    return queue.acknowledged && queue.failures === 0 ? this.settings.maxInFlight : 1;
  }

  /** Sends `batches` to `nodeId` in one request, settling them when it ends. */
  private dispatch(nodeId: number, batches: PendingBatch[], now: number): void {
    const { acks, compression, requestTimeoutMs, deliveryTimeoutMs } = this.settings;
    const frames: Uint8Array[] = [];
    let deadline = Number.POSITIVE_INFINITY;
    for (const batch of batches) {
      const queue = this.accumulator.queue(batch.topic, batch.partition);
      queue.queued.shift();
      queue.inFlight.push(batch);
      batch.attempts++;
      if (batch.drainOrder === 0) batch.drainOrder = queue.nextDrainOrder();
      const firstBuild = batch.built === null;
      const uncompressed = batch.bytes;
      frames.push(batch.marshal(compression, this.stampFor(batch), this.buffers));
      if (firstBuild && compression !== null) {
        this.accumulator.observe(batch.topic, uncompressed, batch.frame!.length);
      }
      deadline = Math.min(deadline, batch.createdAt + deliveryTimeoutMs);
    }
    this.inFlight++;
    this.inFlightByNode.set(nodeId, (this.inFlightByNode.get(nodeId) ?? 0) + 1);
    // No attempt outlives the delivery timeout of the oldest batch in it; the broker's replication
    // wait ends a little earlier, so that its REQUEST_TIMED_OUT answer arrives before ours.
    const timeoutMs = Math.max(1, Math.min(requestTimeoutMs, deadline - now));
    const brokerTimeoutMs = Math.max(1, timeoutMs - Math.min(500, Math.floor(timeoutMs / 10)));
    const request = produceRequest(batches, frames, acks, brokerTimeoutMs, (topic) => this.topicIdOf(topic));
    const requestSizeHint = produceRequestSize(batches, frames);
    const started = performance.now();
    let broker = '';
    const onSend = (): void => {
      for (const batch of batches) batch.written = true;
    };
    const callOptions = { onSend, requestSizeHint, shareBytesFrom: SHARE_BATCHES_FROM };
    const exchange = this.cluster.pool.connection(nodeId).then((connection: Connection) => {
      broker = connection.broker;
      if (acks === 0) return connection.send(Produce, request, callOptions).then(() => null);
      return connection.call(Produce, request, { ...callOptions, timeoutMs });
    });
    exchange.then(
      (response) => this.completed(nodeId, broker, batches, frames, response, started, null),
      (error: Error) => this.completed(nodeId, broker, batches, frames, null, started, error),
    );
  }

  private completed(
    nodeId: number,
    broker: string,
    batches: PendingBatch[],
    frames: Uint8Array[],
    response: ProduceResponse | null,
    started: number,
    error: Error | null,
  ): void {
    this.inFlight--;
    this.inFlightByNode.set(nodeId, this.inFlightByNode.get(nodeId)! - 1);
    if (response !== null) this.cluster.noteResponse(Produce, response);
    const now = performance.now();
    const codes: number[] = [];
    // Counted before settling: a batch split below gives its records to its parts.
    const counts = batches.map((batch) => batch.recordCount);
    for (const batch of batches) {
      const queue = this.accumulator.queue(batch.topic, batch.partition);
      const at = queue.inFlight.indexOf(batch);
      if (at >= 0) queue.inFlight.splice(at, 1);
      const entry = response === null ? undefined : entryFor(response, batch, this.topicIdOf(batch.topic));
      codes.push(entry?.errorCode ?? (error === null && response === null ? 0 : -1));
      if (batch.settled) continue;
      if (error !== null) {
        this.failed(queue, batch, error, now);
        continue;
      }
      if (response === null) {
        this.succeeded(queue, batch, null);
        continue;
      }
      const code = entry?.errorCode ?? ErrorCode.NONE;
      if (entry === undefined) {
        const missing = new KafkaError(
          ErrorCode.UNKNOWN_SERVER_ERROR,
          'the response has no entry for the partition',
        );
        this.failed(queue, batch, missing, now);
      } else if (code === 0 || (this.idempotence !== null && code === ErrorCode.DUPLICATE_SEQUENCE_NUMBER)) {
        this.succeeded(queue, batch, entry);
      } else {
        this.failed(queue, batch, kafkaErrorFor(code, entry.errorMessage)!, now);
      }
    }
    publishRequest(nodeId, broker, batches, counts, frames, codes, started, error);
    this.wake();
  }

  private succeeded(queue: PartitionQueue, batch: PendingBatch, entry: PartitionResponse | null): void {
    queue.failures = 0;
    queue.acknowledged = true;
    const duplicate = entry !== null && entry.errorCode !== ErrorCode.NONE;
    const baseOffset = entry === null || duplicate ? -1n : entry.baseOffset;
    const appendTime = entry === null || entry.logAppendTimeMs < 0n ? -1 : Number(entry.logAppendTimeMs);
    batch.settle(null, baseOffset, appendTime);
    this.memory.release(batch.memory);
    // Answered: the request's bytes left the socket (with acks=0 nothing says when they did).
    if (entry !== null) batch.releaseOutput(this.buffers);
    queue.requeueFailed();
  }

  private failed(queue: PartitionQueue, batch: PendingBatch, error: Error, now: number): void {
    if (isTooLarge(error) && batch.splittable && !this.stopped) {
      // As Java: split and resend at once (no backoff); only a record alone fails for being too large.
      // Counted as a failure, so the parts go one at a time until one is acknowledged, in order.
      queue.failures++;
      queue.toRetry.push(...batch.split());
      queue.requeueFailed();
      return;
    }
    const state = this.idempotence;
    const sequenceTrouble =
      state !== null && error instanceof KafkaError && SEQUENCE_ERRORS.has(error.errorCode);
    if (sequenceTrouble) state.requestBump();
    if ((error instanceof KafkaError && error.invalidMetadata) || !(error instanceof KafkaError)) {
      this.refresh(batch.topic);
    }
    const backoff = exponentialBackoff(
      queue.failures + 1,
      this.settings.retryBackoffMs,
      this.settings.retryBackoffMaxMs,
    );
    const deadline = batch.createdAt + this.settings.deliveryTimeoutMs;
    if ((isRetriable(error) || sequenceTrouble) && now + backoff < deadline && !this.stopped) {
      queue.failures++;
      queue.retryAt = Math.max(queue.retryAt, now + backoff);
      queue.toRetry.push(batch);
    } else {
      this.fail(batch, error);
    }
    queue.requeueFailed();
  }

  /** Fails `batch` for good with a ProduceError saying whether it may be in the log. */
  fail(batch: PendingBatch, cause: Error): void {
    if (batch.settled) return;
    // A stamped batch that was sent and failed leaves a gap in the sequence: start over (KIP-360).
    if (this.idempotence !== null && batch.stamp !== null && batch.written) this.idempotence.requestBump();
    const outcome = deliveryOutcome(cause, batch.written);
    batch.settle(new ProduceError(outcome, batch.topic, batch.partition, cause, batch.attempts), -1n, -1);
    this.memory.release(batch.memory);
  }

  /** Fails queued batches whose delivery timeout passed (Java's expiry of batches not in flight). */
  private expireQueued(now: number): void {
    const { deliveryTimeoutMs } = this.settings;
    for (const queue of this.accumulator.queues()) {
      while (queue.queued.length > 0 && now - queue.queued[0]!.createdAt >= deliveryTimeoutMs) {
        const batch = queue.queued.shift()!;
        const cause = new TimeoutError(
          'LK_TIMEOUT_DELIVERY',
          `${batch.recordCount} records for ${batch.topic}/${batch.partition} not acknowledged within deliveryTimeoutMs (${deliveryTimeoutMs})`,
          deliveryTimeoutMs,
        );
        this.fail(batch, cause);
      }
    }
  }

  private stampFor(batch: PendingBatch) {
    const state = this.idempotence;
    if (state === null) return null;
    if (batch.stamp !== null && state.isCurrent(batch.stamp)) return batch.stamp;
    return state.stamp(batch.topic, batch.partition, batch.recordCount);
  }

  private topicIdOf(topic: string): string {
    return this.cluster.metadata.topic(topic)?.topicId ?? ZERO_TOPIC_ID;
  }

  private refresh(topic: string): void {
    this.cluster.metadata.refresh([topic]).catch(() => {
      // A failed refresh is retried by the next failure or drain; batches expire meanwhile.
    });
  }

  private schedule(at: number): void {
    if (this.stopped || at === Number.POSITIVE_INFINITY) return;
    if (this.timer !== null && this.timerAt <= at) return;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.timerAt = Number.POSITIVE_INFINITY;
        this.drain();
      },
      Math.max(0, at - performance.now()),
    );
  }
}

const ZERO_TOPIC_ID = '00000000-0000-0000-0000-000000000000';

/** The broker refused a batch as larger than the topic's `max.message.bytes`. */
function isTooLarge(error: Error): boolean {
  return error instanceof KafkaError && error.errorCode === ErrorCode.MESSAGE_TOO_LARGE;
}

function publishRequest(
  nodeId: number,
  broker: string,
  batches: readonly PendingBatch[],
  counts: readonly number[],
  frames: readonly Uint8Array[],
  codes: readonly number[],
  started: number,
  error: Error | null,
): void {
  if (!producerRequestChannel.hasSubscribers) return;
  const message: ProducerRequestMessage = {
    nodeId,
    broker,
    partitions: batches.map((b, i) => ({
      topic: b.topic,
      partition: b.partition,
      records: counts[i]!,
      bytes: frames[i]!.length,
      attempt: b.attempts,
      errorCode: codes[i] ?? -1,
    })),
    bytes: frames.reduce((sum, f) => sum + f.length, 0),
    durationMs: performance.now() - started,
    error,
  };
  producerRequestChannel.publish(message);
}
