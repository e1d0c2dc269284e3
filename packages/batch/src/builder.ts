import { type RecordHeader, recordBodySize, recordSize, writeRecordFields } from '@lk/record';
import { allocateUninitialized, EncodeError } from '@lk/wire';
import type { Batch } from './batch.ts';
import type { BatchBuffer } from './batch-buffer.ts';
import * as L from './layout.ts';
import { sealNewBatch } from './new-batch.ts';

/** A record to add to a {@link Builder}. Omitted key, value or headers mean null, null, none. */
export interface RecordToAdd {
  key?: Uint8Array | null;
  value?: Uint8Array | null;
  headers?: readonly RecordHeader[];
  /** ms since the epoch; defaults to the builder's clock at `build()`. */
  timestamp?: number;
}

/** The idempotent-producer fields of a batch (RECORD_FORMAT §2, §9). */
export interface ProducerFields {
  producerId: bigint;
  producerEpoch: number;
  /** Sequence of the first record; the broker expects the previous batch's base + count, mod 2^31. */
  baseSequence: number;
}

/** Options for {@link Builder}. */
export interface BuilderOptions extends Partial<ProducerFields> {
  /** Milliseconds since the epoch for records added without a timestamp (default `Date.now`). */
  clock?: () => number;
  /** Mark batches as part of a transaction (attribute bit 4). */
  transactional?: boolean;
}

/** Options for {@link Builder.build}. */
export interface BuildOptions {
  /**
   * Encode into this reusable memory instead of a fresh allocation. The batch is then valid only
   * until the next build into the same buffer: see {@link BatchBuffer} for the contract.
   */
  into?: BatchBuffer;
}

const EMPTY: readonly RecordHeader[] = [];

/**
 * Collects records and builds uncompressed v2 batches ready to produce: baseOffset 0, leader
 * epoch -1, CreateTime, offsetDeltas 0…n-1, baseTimestamp = the first record's timestamp and
 * maxTimestamp the largest, CRC-32C computed. `build()` may be called again (after more `add`s,
 * or to rebuild after changing the producer fields); the builder keeps references to the added
 * byte arrays, which must not change until built.
 *
 * @example
 * ```ts
 * const batch = new Builder()
 *   .add({ key: utf8('k1'), value: utf8('v1') })
 *   .add({ value: utf8('hello'), headers: [{ key: 'h', value: utf8('x') }], timestamp: Date.now() })
 *   .build();
 * produce(batch.marshal());
 *
 * // A producer that sends one batch at a time can reuse the output memory (much faster for
 * // large batches); the batch is valid until the next build into `output`.
 * const output = new BatchBuffer();
 * await send(new Builder().add({ value: utf8('v') }).build({ into: output }).marshal());
 * ```
 */
export class Builder {
  private readonly clock: () => number;
  private readonly pending: RecordToAdd[] = [];
  private producer: ProducerFields;
  private transactional: boolean;
  /** Body sizes of the last build, reused to avoid an allocation per build. */
  private sizes = new Int32Array(16);

  constructor(options: BuilderOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.producer = {
      producerId: options.producerId ?? -1n,
      producerEpoch: options.producerEpoch ?? -1,
      baseSequence: options.baseSequence ?? -1,
    };
    this.transactional = options.transactional ?? false;
  }

  /** Number of records added so far. */
  get recordsCount(): number {
    return this.pending.length;
  }

  /** Appends a record. */
  add(record: RecordToAdd): this {
    this.pending.push(record);
    return this;
  }

  /** Sets producer id, epoch and base sequence for idempotent producing. */
  setProducer(fields: ProducerFields): this {
    this.producer = { ...fields };
    return this;
  }

  /** Marks the next batches as transactional or not. */
  setTransactional(transactional: boolean): this {
    this.transactional = transactional;
    return this;
  }

  /** Forgets the added records, keeping options and producer fields. */
  clear(): this {
    this.pending.length = 0;
    return this;
  }

  /**
   * Encodes the records added so far into a batch (at least one is needed): into fresh memory by
   * default, or into `options.into`, reused, with the ownership contract of {@link BatchBuffer}.
   */
  build(options: BuildOptions = {}): Batch {
    const records = this.pending;
    const count = records.length;
    if (count === 0) throw new EncodeError('LK_BATCH_EMPTY', 'a batch needs at least one record');
    const now = this.clock();
    const baseTimestamp = records[0]!.timestamp ?? now;
    let maxTimestamp = baseTimestamp;
    if (this.sizes.length < count) this.sizes = new Int32Array(count * 2);
    const sizes = this.sizes;
    let total = 0;
    // Pass 1: exact sizes, so the output is allocated once and never grown or copied.
    for (let i = 0; i < count; i++) {
      const record = records[i]!;
      const timestamp = record.timestamp ?? now;
      if (timestamp > maxTimestamp) maxTimestamp = timestamp;
      const bodySize = recordBodySize(
        timestamp - baseTimestamp,
        i,
        record.key ?? null,
        record.value ?? null,
        record.headers ?? EMPTY,
      );
      sizes[i] = bodySize;
      total += recordSize(bodySize);
    }
    const size = L.HEADER_SIZE + total;
    const frame = options.into === undefined ? allocateUninitialized(size) : options.into.reserve(size);
    let pos = L.HEADER_SIZE;
    for (let i = 0; i < count; i++) {
      const record = records[i]!;
      pos = writeRecordFields(
        frame,
        pos,
        sizes[i]!,
        0,
        (record.timestamp ?? now) - baseTimestamp,
        i,
        record.key ?? null,
        record.value ?? null,
        record.headers ?? EMPTY,
      );
    }
    return sealNewBatch(frame, count, baseTimestamp, maxTimestamp, this.producer, this.transactional);
  }
}
