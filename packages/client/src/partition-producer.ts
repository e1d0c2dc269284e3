import { performance } from 'node:perf_hooks';
import { ErrorCode, InitProducerId, KafkaError, kafkaErrorFor } from '@lk/api';
import { Batch, Builder, type ProducerFields, type RecordToAdd } from '@lk/batch';
import type { CallOptions, Connection } from './connection.ts';
import { Deadline } from './deadline.ts';
import { deliveryOutcome, isRetriable } from './delivery.ts';
import { channels, publish } from './diagnostics.ts';
import { brokerOf, ConfigError, type DeliveryOutcome, ProduceError, TimeoutError } from './errors.ts';
import type { PartitionLeader } from './metadata-client.ts';
import {
  type PartitionClientOptions,
  PartitionLeaderClient,
  type ProduceResponse,
} from './partition-leader-client.ts';
import { retryWithBackoff } from './retry.ts';
import { acksOf, nonNegativeMs } from './validate.ts';

/** Options of a {@link PartitionProducer}. */
export interface PartitionProducerOptions extends PartitionClientOptions {
  /** 0: do not wait; 1: the leader wrote it; -1: every in-sync replica has it. Default -1. */
  acks?: 0 | 1 | -1;
  /** How long the broker may wait for the replicas (acks=-1). Default 30 s. */
  timeoutMs?: number;
  /**
   * Exactly-once writes per partition without transactions: InitProducerId, sequence numbers, and a
   * retry after an unanswered request resends the same batch with the same sequence. Needs acks=-1.
   * Default false.
   */
  idempotent?: boolean;
  /**
   * How long a produce call may take, retries included: retriable failures (leader moved,
   * connection lost, ...) are retried until then, and an attempt still running then (a broker that
   * accepts and never answers) fails with a `TimeoutError` `LK_TIMEOUT_DELIVERY` as its cause. A
   * non-idempotent producer retries only failures that left the batch NOT_PERSISTED. Default 30 s;
   * 0: one attempt, bounded by the request timeouts alone.
   */
  deliveryTimeoutMs?: number;
  /** First pause between retries, doubled up to 1 s. Default 100 ms. */
  retryBackoffMs?: number;
}

/** What a successful produce returns. */
export interface ProduceResult {
  /** `host:port` of the leader that took the batch. */
  broker: string;
  topic: string;
  partition: number;
  throttleTimeMs: number;
  /** 0, or DUPLICATE_SEQUENCE_NUMBER (46) when an idempotent retry found the batch already written. */
  errorCode: number;
  /** Offset of the first record; -1n for acks=0 or a duplicate. */
  baseOffset: bigint;
  /** The broker's append time with LogAppendTime topics, otherwise -1n. */
  logAppendTime: bigint;
  logStartOffset: bigint;
  /** How many attempts it took. */
  attempts: number;
  /** The raw response (null for acks=0). */
  response: ProduceResponse | null;
}

const MAX_BACKOFF_MS = 1000;
const utf8 = new TextEncoder();
const SEQUENCE_MODULUS = 2 ** 31;

/**
 * Produces record batches to one partition, one call at a time (libkafka's PartitionProducer), with
 * retries and an optional idempotent mode. A call resolves only when the batch is written
 * (acks=1/-1) or handed to the socket (acks=0); otherwise it throws a {@link ProduceError} whose
 * `outcome` says whether the batch is in the log: NOT_PERSISTED, POSSIBLY_PERSISTED or PERSISTED.
 *
 * @example
 * ```ts
 * const producer = new PartitionProducer({ bootstrap: '127.0.0.1:9092', topic: 'events', partition: 0, idempotent: true });
 * const { baseOffset } = await producer.produceStrings(['a', 'b', 'c']);
 * producer.close();
 * ```
 */
export class PartitionProducer {
  readonly client: PartitionLeaderClient;
  readonly acks: 0 | 1 | -1;
  readonly timeoutMs: number;
  readonly idempotent: boolean;
  readonly deliveryTimeoutMs: number;
  readonly retryBackoffMs: number;
  /** The idempotent producer's id and epoch, once initialised. */
  producerId = -1n;
  producerEpoch = -1;
  /** The sequence number of the next batch's first record. */
  nextSequence = 0;

  constructor(options: PartitionProducerOptions) {
    const { acks, timeoutMs, idempotent, deliveryTimeoutMs, retryBackoffMs, ...clientOptions } = options;
    this.acks = acksOf('acks', acks ?? -1);
    this.timeoutMs = nonNegativeMs('timeoutMs', timeoutMs ?? 30_000);
    this.idempotent = idempotent ?? false;
    this.deliveryTimeoutMs = nonNegativeMs('deliveryTimeoutMs', deliveryTimeoutMs ?? 30_000);
    this.retryBackoffMs = nonNegativeMs('retryBackoffMs', retryBackoffMs ?? 100);
    if (this.idempotent && this.acks !== -1) throw new ConfigError('an idempotent producer needs acks=-1');
    if (!(this.deliveryTimeoutMs >= 0)) {
      throw new ConfigError(`deliveryTimeoutMs must be 0 or more, got ${this.deliveryTimeoutMs}`);
    }
    this.client = new PartitionLeaderClient(clientOptions);
  }

  get topic(): string {
    return this.client.topic;
  }

  get partition(): number {
    return this.client.partition;
  }

  /**
   * Writes one batch (or, when not idempotent, any marshalled record set). Retries retriable
   * failures within `deliveryTimeoutMs`; an idempotent producer retries with the same producer id,
   * epoch and sequence, so a retried batch is never written twice.
   */
  async produce(batch: Batch | Uint8Array, options: CallOptions = {}): Promise<ProduceResult> {
    if (this.idempotent && batch instanceof Uint8Array) {
      throw new ConfigError('an idempotent producer needs a Batch, not marshalled bytes');
    }
    const started = performance.now();
    let records: Uint8Array | null = batch instanceof Uint8Array ? batch : null;
    let stampedFor: ProducerFields | null = null;
    // What the last attempt left: whether it wrote the request, and so where the batch may be.
    let outcome: DeliveryOutcome = 'NOT_PERSISTED';
    let lostProducerState = false;
    let attempts = 0;
    const timeout = () =>
      new TimeoutError(
        'LK_TIMEOUT_DELIVERY',
        `not delivered within deliveryTimeoutMs ${this.deliveryTimeoutMs}`,
        this.deliveryTimeoutMs,
        this.client.broker ?? '',
      );
    const deliverBy =
      this.deliveryTimeoutMs > 0 ? started + this.deliveryTimeoutMs : Number.POSITIVE_INFINITY;
    const once = async (attempt: number): Promise<ProduceResult> => {
      attempts = attempt;
      let written = false;
      // No attempt outlives the delivery deadline, whichever step it is stuck in.
      const deadline = new Deadline(deliverBy, timeout, options.signal);
      const attemptOptions = { ...options, signal: deadline.signal };
      try {
        return await this.client.exclusive(async (connection, leader) => {
          if (this.idempotent) {
            if (this.producerId < 0n) await this.initProducerId(connection, attemptOptions);
            // Stamp once; a retry must resend exactly the same bytes with the same sequence.
            if (
              stampedFor === null ||
              stampedFor.producerId !== this.producerId ||
              stampedFor.producerEpoch !== this.producerEpoch
            ) {
              stampedFor = {
                producerId: this.producerId,
                producerEpoch: this.producerEpoch,
                baseSequence: this.nextSequence,
              };
              records = new Batch({ ...(batch as Batch).fields(), ...stampedFor }).marshal();
            }
          } else {
            records ??= (batch as Batch).marshal();
          }
          written = true;
          return this.attempt(connection, leader, records!, attempt, attemptOptions);
        }, deadline.signal);
      } catch (thrown) {
        const error = deadline.expired ?? thrown;
        // The broker lost or rejected our producer state: the batch is not in the log under it, so
        // it is resent under a new producer id, from sequence 0.
        lostProducerState =
          this.idempotent && error instanceof KafkaError && this.needsNewProducerId(error.errorCode);
        if (lostProducerState) this.resetProducerId();
        outcome = deliveryOutcome(error, written);
        throw error;
      } finally {
        deadline.dispose();
      }
    };
    try {
      const result = await retryWithBackoff(once, {
        operation: 'produce',
        subject: `${this.topic}/${this.partition}`,
        retriable: (error) =>
          (isRetriable(error) || lostProducerState) && (outcome === 'NOT_PERSISTED' || this.idempotent),
        deadline: started + this.deliveryTimeoutMs,
        backoffMs: this.retryBackoffMs,
        maxBackoffMs: MAX_BACKOFF_MS,
        signal: options.signal,
      });
      if (this.idempotent) this.advanceSequence((batch as Batch).recordsCount);
      this.report(result, records!, batch, started, null);
      return result;
    } catch (error) {
      // The last attempt's failure, or the abort of the pause after it.
      const failure = new ProduceError(outcome, this.topic, this.partition, error, attempts);
      this.report(null, records, batch, started, failure);
      throw failure;
    }
  }

  /**
   * Produces `values` as one batch of records with null keys (libkafka's ProduceStrings), or
   * @lk/batch `RecordToAdd`s with keys, headers and timestamps.
   */
  produceStrings(values: readonly string[], options: CallOptions = {}): Promise<ProduceResult> {
    return this.produceRecords(
      values.map((value) => ({ value: utf8.encode(value) })),
      options,
    );
  }

  /** Produces `records` as one uncompressed batch. */
  produceRecords(records: readonly RecordToAdd[], options: CallOptions = {}): Promise<ProduceResult> {
    const builder = new Builder();
    for (const record of records) builder.add(record);
    return this.produce(builder.build(), options);
  }

  /** Drops the producer id: the next produce asks for a new one and restarts sequences at 0. */
  resetProducerId(): void {
    this.producerId = -1n;
    this.producerEpoch = -1;
    this.nextSequence = 0;
  }

  /** Closes the connection. */
  close(): void {
    this.client.close();
  }

  private async attempt(
    connection: Connection,
    leader: PartitionLeader,
    records: Uint8Array,
    attempts: number,
    options: CallOptions,
  ): Promise<ProduceResult> {
    const params = { records, acks: this.acks, timeoutMs: this.timeoutMs };
    const answer = await this.client.produceOn(connection, leader, params, options);
    const base = { broker: connection.broker, topic: this.topic, partition: this.partition, attempts };
    if (answer === null) {
      return {
        ...base,
        throttleTimeMs: 0,
        errorCode: ErrorCode.NONE,
        baseOffset: -1n,
        logAppendTime: -1n,
        logStartOffset: -1n,
        response: null,
      };
    }
    const { partition, response } = answer;
    if (
      partition.errorCode !== ErrorCode.NONE &&
      !(this.idempotent && partition.errorCode === ErrorCode.DUPLICATE_SEQUENCE_NUMBER)
    ) {
      throw kafkaErrorFor(partition.errorCode, partition.errorMessage);
    }
    return {
      ...base,
      throttleTimeMs: response.throttleTimeMs,
      errorCode: partition.errorCode,
      baseOffset: partition.baseOffset,
      logAppendTime: partition.logAppendTimeMs,
      logStartOffset: partition.logStartOffset,
      response,
    };
  }

  private async initProducerId(connection: Connection, options: CallOptions): Promise<void> {
    // A non-transactional producer id can come from any broker: use the leader connection at hand.
    const response = await connection.call(
      InitProducerId,
      {
        ...InitProducerId.newRequest(),
        transactionalId: null,
        transactionTimeoutMs: 60_000,
        producerId: -1n,
        producerEpoch: -1,
      },
      options,
    );
    const error = kafkaErrorFor(response.errorCode);
    if (error) throw error;
    this.producerId = response.producerId;
    this.producerEpoch = response.producerEpoch;
    this.nextSequence = 0;
  }

  private needsNewProducerId(errorCode: number): boolean {
    return (
      errorCode === ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER || errorCode === ErrorCode.UNKNOWN_PRODUCER_ID
    );
  }

  private advanceSequence(recordCount: number): void {
    this.nextSequence = (this.nextSequence + recordCount) % SEQUENCE_MODULUS;
  }

  private report(
    result: ProduceResult | null,
    records: Uint8Array | null,
    batch: Batch | Uint8Array,
    started: number,
    failure: ProduceError | null,
  ): void {
    publish(channels.produce, () => ({
      // A failed dial has no connection: the broker it was for.
      broker: result?.broker ?? brokerOf(failure?.cause) ?? this.client.broker ?? '',
      topic: this.topic,
      partition: this.partition,
      records: batch instanceof Uint8Array ? -1 : batch.recordsCount,
      bytes: records?.length ?? 0,
      baseOffset: result?.baseOffset ?? -1n,
      error: failure,
      durationMs: performance.now() - started,
    }));
  }
}
