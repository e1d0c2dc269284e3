import {
  BATCH_HEADER_SIZE,
  Batch,
  type BatchBuffer,
  Builder,
  type Compressor,
  type ProducerFields,
  type RecordToAdd,
  recordSizeInBatch,
  stampProducer,
  stampProducerInPlace,
} from '@lk/batch';
import type { BatchBuffers } from './batch-buffers.ts';
import { SEQUENCE_MODULUS } from './idempotence.ts';
import type { SendCall } from './send-call.ts';

/** How a user's batch learns its outcome: an error, or its base offset (-1n: unknown) and LogAppendTime (-1: none). */
export type BatchSettled = (error: Error | null, baseOffset: bigint, logAppendTime: number) => void;

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
  calls: SendCall[] = [];
  indexes: number[] = [];
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
  /** The pooled memory `built` was encoded into (uncompressed batches), until handed back. */
  private output: BatchBuffer | null = null;
  attempts = 0;
  /** True once a request with it was handed to a socket: it may be in the log. */
  written = false;
  /** Order of first drain within its partition: retries go back in this order. */
  drainOrder = 0;
  /** True once every record's promise was settled. */
  settled = false;
  /** Called once settled (flush waits this way). */
  private onSettled: (() => void)[] | null = null;
  /** A user's batch whose memory the producer may stamp (once; a restamp copies). */
  private stampInPlace = false;
  /** A user's batch settles as a whole, through this, instead of through per-record calls. */
  private onBatchSettled: BatchSettled | null = null;

  constructor(topic: string, partition: number, createdAt: number) {
    this.topic = topic;
    this.partition = partition;
    this.createdAt = createdAt;
  }

  /** A batch holding a user's already built {@link Batch}. */
  static of(
    topic: string,
    partition: number,
    batch: Batch,
    createdAt: number,
    stampInPlace: boolean,
    settled: BatchSettled,
  ): PendingBatch {
    const pending = new PendingBatch(topic, partition, createdAt);
    pending.onBatchSettled = settled;
    pending.stampInPlace = stampInPlace;
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

  /** Bytes `record` would take as the next record of this batch (Builder's exact encoding). */
  sizeOf(record: RecordToAdd): number {
    const first = this.records[0];
    if (first === undefined) return recordSizeInBatch(record);
    const delta = (record.timestamp ?? 0) - (first.timestamp ?? 0);
    return recordSizeInBatch(record, this.records.length, delta);
  }

  /** Adds `record`, which takes `bytes` in the batch (see {@link sizeOf}) and `reserved` bytes of buffer memory. */
  add(record: RecordToAdd, bytes: number, reserved: number, call: SendCall, index: number): void {
    this.records.push(record);
    this.calls.push(call);
    this.indexes.push(index);
    this.bytes += bytes;
    this.memory += reserved;
  }

  /**
   * Settles every record: with `error`, or with offsets from `baseOffset` (-1n: unknown) and the
   * broker's append time (-1: CreateTime, the records' own timestamps).
   */
  settle(error: Error | null, baseOffset: bigint, appendTime: number): void {
    if (this.settled) return;
    this.settled = true;
    const { calls, indexes, records } = this;
    if (this.onBatchSettled !== null) {
      this.onBatchSettled(error, baseOffset, appendTime);
    } else if (error !== null) {
      for (const call of calls) call.failed(error);
    } else {
      const known = baseOffset >= 0n;
      // Counted up: one bigint per record with metadata (baseOffset + BigInt(i) made two).
      let offset = baseOffset;
      let offsetIndex = 0;
      for (let i = 0; i < calls.length; i++) {
        const call = calls[i]!;
        if (call.counting) {
          // A run of a counting call's records: one count, no metadata.
          let end = i + 1;
          while (end < calls.length && calls[end] === call) end++;
          call.written(end - i);
          i = end - 1;
          continue;
        }
        if (known && i !== offsetIndex) {
          offset += i - offsetIndex === 1 ? 1n : BigInt(i - offsetIndex);
          offsetIndex = i;
        }
        call.succeeded(indexes[i]!, {
          topic: this.topic,
          partition: this.partition,
          offset,
          timestamp:
            appendTime >= 0 ? appendTime : (records[i]?.timestamp ?? this.built?.baseTimestamp ?? -1),
        });
      }
    }
    if (this.onSettled !== null) for (const done of this.onSettled) done();
  }

  /** True when {@link split} can split it: 2 or more records `add`ed (a user's own batch is sent as it is). */
  get splittable(): boolean {
    return this.records.length >= 2;
  }

  /**
   * Splits a batch the broker refused as too large (MESSAGE_TOO_LARGE) into two of about half its
   * bytes each, records in order, as the Java client splits (it cuts at `batchSize`, which can leave
   * a batch as large as before; halves always shrink, so a too-large record ends up alone). The
   * parts keep the batch's creation time (its delivery deadline), first-send order and attempts;
   * when stamped, they share its sequence range in order (the broker took none of it), so batches
   * stamped after it stay valid. This batch then holds nothing and settles once both parts have.
   */
  split(): [PendingBatch, PendingBatch] {
    const { records, calls, indexes } = this;
    if (!this.splittable) throw new Error('only a batch of 2 or more added records splits');
    // What each record reserved of the buffer memory (its size as a batch's first record).
    const sizes = records.map((record) => recordSizeInBatch(record));
    const total = sizes.reduce((sum, size) => sum + size, 0);
    let cut = 1;
    for (let bytes = sizes[0]!; cut < records.length - 1 && bytes + sizes[cut]! <= total / 2; cut++) {
      bytes += sizes[cut]!;
    }
    const parts = [0, 1].map((half) => {
      const [from, to] = half === 0 ? [0, cut] : [cut, records.length];
      const part = new PendingBatch(this.topic, this.partition, this.createdAt);
      for (let i = from; i < to; i++)
        part.add(records[i]!, part.sizeOf(records[i]!), 0, calls[i]!, indexes[i]!);
      part.closed = true;
      part.attempts = this.attempts;
      part.drainOrder = this.drainOrder;
      if (this.stamp !== null) {
        part.stamp = { ...this.stamp, baseSequence: (this.stamp.baseSequence + from) % SEQUENCE_MODULUS };
      }
      return part;
    }) as [PendingBatch, PendingBatch];
    parts[0].memory = sizes.slice(0, cut).reduce((sum, size) => sum + size, 0);
    parts[1].memory = this.memory - parts[0].memory;
    this.records = [];
    this.calls = [];
    this.indexes = [];
    this.memory = 0;
    this.built = null;
    this.frame = null;
    // The broker answered, but the parts are built anew: the old memory goes to the collector.
    this.output = null;
    this.closed = true;
    void Promise.all(parts.map((part) => part.whenSettled())).then(() => this.settle(null, -1n, -1));
    return parts;
  }

  /**
   * Hands the batch's pooled memory back to `buffers`: only once the broker acknowledged the
   * request that carried it (its bytes are then no longer anywhere in a socket's queue).
   */
  releaseOutput(buffers: BatchBuffers): void {
    if (this.output === null) return;
    buffers.give(this.output);
    this.output = null;
    this.built = null;
    this.frame = null;
  }

  /** Resolves once settled. */
  whenSettled(): Promise<void> {
    if (this.settled) return Promise.resolve();
    return new Promise((resolve) => (this.onSettled ??= []).push(resolve));
  }

  /**
   * The bytes to send: built on first use (into memory from `buffers` if given; compressed with
   * `compressor`), stamped with `stamp` when it differs from the last stamp (a retry resends
   * exactly the same bytes otherwise).
   */
  marshal(
    compressor: Compressor | null,
    stamp: ProducerFields | null,
    buffers: BatchBuffers | null = null,
  ): Uint8Array {
    if (this.built === null) {
      const builder = new Builder(stamp === null ? {} : stamp);
      for (const record of this.records) builder.add(record);
      const output = buffers?.take();
      const plain = builder.build({ into: output });
      if (compressor === null) {
        this.built = plain;
        this.output = output ?? null;
      } else {
        // The codec's output is fresh memory: the plain batch's is free at once.
        this.built = plain.compress(compressor);
        if (output !== undefined) buffers!.give(output);
      }
      this.stamp = stamp;
      this.frame = this.built.marshal();
    } else if (this.frame === null || stamp !== this.stamp) {
      if (stamp !== null && this.stampInPlace) {
        // The user gave the memory away: stamped where it is, once; its CRC follows from the
        // header's change. A restamp copies (a socket may still hold these bytes).
        this.stampInPlace = false;
        const frame = this.built.marshal();
        stampProducerInPlace(frame, stamp);
        this.built = Batch.unmarshal(frame, { verifyCrc: false });
      } else if (stamp !== null) {
        // A copy with the stamp, into pooled memory; its CRC follows from the header's change (no
        // pass over the records). A restamp (epoch bump) copies the last stamped copy, whose
        // memory goes to the collector: a socket may still hold its bytes.
        const output = buffers?.take();
        this.built = stampProducer(this.built, stamp, { into: output });
        this.output = output ?? null;
      }
      this.stamp = stamp;
      this.frame = this.built.marshal();
    }
    return this.frame;
  }
}
