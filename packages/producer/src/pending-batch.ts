import {
  BATCH_HEADER_SIZE,
  Batch,
  Builder,
  type Compressor,
  type ProducerFields,
  type RecordToAdd,
} from '@lk/batch';
import type { SendCall } from './send-call.ts';

/**
 * One batch of one partition, from its first record until every record settled: open while it
 * takes records, then built (and compressed) when first drained, resent unchanged on retries, or
 * stamped anew after an epoch bump.
 */
export class PendingBatch {
  readonly topic: string;
  readonly partition: number;
  readonly createdAt: number;
  /** Records added (kept after building for their timestamps). */
  records: RecordToAdd[] = [];
  /** Which call and which of its records each record is. */
  readonly calls: SendCall[] = [];
  readonly indexes: number[] = [];
  /** Bytes the records take uncompressed, header included. */
  bytes = BATCH_HEADER_SIZE;
  /** Bytes reserved in the buffer memory for it. */
  memory = 0;
  /** No more records: full, or a user's own batch. */
  closed = false;
  /** The built batch, once drained (a user's batch from the start). */
  built: Batch | null = null;
  /** Producer fields it was stamped with (idempotent producers). */
  stamp: ProducerFields | null = null;
  /** The marshalled bytes as last sent. */
  frame: Uint8Array | null = null;
  attempts = 0;
  /** True once a request with it was handed to a socket: it may be in the log. */
  written = false;
  /** Order of first drain within its partition: retries go back in this order. */
  drainOrder = 0;
  /** True once every record's promise was settled. */
  settled = false;
  /** Called once settled (flush waits this way). */
  private onSettled: (() => void)[] | null = null;

  constructor(topic: string, partition: number, createdAt: number) {
    this.topic = topic;
    this.partition = partition;
    this.createdAt = createdAt;
  }

  /** A batch holding a user's already built {@link Batch}. */
  static of(topic: string, partition: number, batch: Batch, createdAt: number): PendingBatch {
    const pending = new PendingBatch(topic, partition, createdAt);
    pending.built = batch;
    pending.closed = true;
    pending.bytes = BATCH_HEADER_SIZE + batch.records.length;
    pending.memory = pending.bytes;
    return pending;
  }

  /** Takes no more records. */
  close(): void {
    this.closed = true;
  }

  get recordCount(): number {
    return this.built?.recordsCount ?? this.records.length;
  }

  add(record: RecordToAdd, size: number, call: SendCall, index: number): void {
    this.records.push(record);
    this.calls.push(call);
    this.indexes.push(index);
    this.bytes += size;
    this.memory += size;
  }

  /**
   * Settles every record: with `error`, or with offsets from `baseOffset` (-1n: unknown) and the
   * broker's append time (-1: CreateTime, the records' own timestamps).
   */
  settle(error: Error | null, baseOffset: bigint, appendTime: number): void {
    if (this.settled) return;
    this.settled = true;
    const { calls, indexes, records } = this;
    if (error !== null) {
      for (const call of calls) call.failed(error);
    } else {
      const known = baseOffset >= 0n;
      for (let i = 0; i < calls.length; i++) {
        calls[i]!.succeeded(indexes[i]!, {
          topic: this.topic,
          partition: this.partition,
          offset: known ? baseOffset + BigInt(i) : -1n,
          timestamp:
            appendTime >= 0 ? appendTime : (records[i]?.timestamp ?? this.built?.baseTimestamp ?? -1),
        });
      }
    }
    if (this.onSettled !== null) for (const done of this.onSettled) done();
  }

  /** Resolves once settled. */
  whenSettled(): Promise<void> {
    if (this.settled) return Promise.resolve();
    return new Promise((resolve) => (this.onSettled ??= []).push(resolve));
  }

  /**
   * The bytes to send: built on first use (compressed with `compressor`), stamped with `stamp`
   * when it differs from the last stamp (a retry resends exactly the same bytes otherwise).
   */
  marshal(compressor: Compressor | null, stamp: ProducerFields | null): Uint8Array {
    if (this.built === null) {
      const builder = new Builder(stamp === null ? {} : stamp);
      for (const record of this.records) builder.add(record);
      const plain = builder.build();
      this.built = compressor === null ? plain : plain.compress(compressor);
      this.stamp = stamp;
      this.frame = this.built.marshal();
    } else if (this.frame === null || stamp !== this.stamp) {
      this.built = stamp === null ? this.built : new Batch({ ...this.built.fields(), ...stamp });
      this.stamp = stamp;
      this.frame = this.built.marshal();
    }
    return this.frame;
  }
}
