import { type RecordHeader, recordBodySize, recordSize, writeRecordFields } from '@lk/record';
import { allocateUninitialized, EncodeError } from '@lk/wire';
import type { Batch } from './batch.ts';
import type { BatchBuffer } from './batch-buffer.ts';
import type { ProducerFields } from './builder.ts';
import * as L from './layout.ts';
import { checkProducerFields, sealNewBatch } from './new-batch.ts';

/** Options for {@link BatchWriter}. */
export interface BatchWriterOptions {
  /**
   * Largest batch in bytes, header included: {@link BatchWriter.append} refuses a record that
   * would take the batch past it (except the first record, which always fits).
   */
  maxBytes: number;
  /**
   * Encode into this reusable memory instead of a fresh allocation; the batch is then valid only
   * until the next use of the buffer (the contract of {@link BatchBuffer}).
   */
  into?: BatchBuffer;
  /** Producer id, epoch and base sequence for idempotent producing (default none: -1). */
  producer?: ProducerFields;
  /** Mark the batch as part of a transaction (attribute bit 4). */
  transactional?: boolean;
}

const NO_HEADERS: readonly RecordHeader[] = [];
const NO_PRODUCER: ProducerFields = { producerId: -1n, producerEpoch: -1, baseSequence: -1 };

/**
 * Encodes records into an uncompressed v2 batch as they are appended, up to a size in bytes: one
 * pass over each record and no object kept per record, for bulk producers that read records from
 * bytes (as `lk produce` does lines of a file). {@link Builder} collects record objects first and
 * encodes them at `build()`; this writes each at once, deltas from the batch's first record.
 *
 * @example
 * ```ts
 * const writer = new BatchWriter({ maxBytes: 1_000_000 });
 * const now = Date.now();
 * for (const line of lines) if (!writer.append(null, line, now)) break; // full
 * const batch = writer.finish(); // header and CRC-32C written
 * await producer.sendBatch('events', 0, batch);
 * ```
 */
export class BatchWriter {
  readonly maxBytes: number;
  #frame: Uint8Array;
  readonly #into: BatchBuffer | undefined;
  readonly #producer: ProducerFields;
  readonly #transactional: boolean;
  #pos = L.HEADER_SIZE;
  #count = 0;
  #baseTimestamp = 0;
  #maxTimestamp = 0;
  #finished = false;

  constructor(options: BatchWriterOptions) {
    const { maxBytes } = options;
    if (!(Number.isSafeInteger(maxBytes) && maxBytes >= L.HEADER_SIZE)) {
      throw new EncodeError(
        'LK_BATCH_BUFFER_SIZE',
        `maxBytes must be an integer of at least ${L.HEADER_SIZE} (the batch header): ${maxBytes}`,
      );
    }
    const producer = options.producer ?? NO_PRODUCER;
    checkProducerFields(producer);
    this.maxBytes = maxBytes;
    this.#into = options.into;
    this.#frame =
      options.into === undefined ? allocateUninitialized(maxBytes) : options.into.reserve(maxBytes);
    this.#producer = producer;
    this.#transactional = options.transactional ?? false;
  }

  /** Records appended so far. */
  get recordsCount(): number {
    return this.#count;
  }

  /** Bytes of the batch so far, header included. */
  get sizeInBytes(): number {
    return this.#pos;
  }

  /**
   * Appends a record with `timestamp` (ms since the epoch) if the batch stays within `maxBytes`;
   * returns false, appending nothing, when it would not. The first record is always taken (the
   * memory grows for a record larger than `maxBytes`, as a batch must hold at least one).
   */
  append(
    key: Uint8Array | null,
    value: Uint8Array | null,
    timestamp: number,
    headers: readonly RecordHeader[] = NO_HEADERS,
  ): boolean {
    if (this.#finished) throw new EncodeError('LK_BATCH_FINISHED', 'append after finish()');
    const first = this.#count === 0;
    if (first) this.#baseTimestamp = this.#maxTimestamp = timestamp;
    const timestampDelta = timestamp - this.#baseTimestamp;
    const bodySize = recordBodySize(timestampDelta, this.#count, key, value, headers);
    const end = this.#pos + recordSize(bodySize);
    if (end > this.#frame.length) {
      if (!first) return false;
      this.#frame = this.#into === undefined ? allocateUninitialized(end) : this.#into.reserve(end);
    }
    this.#pos = writeRecordFields(
      this.#frame,
      this.#pos,
      bodySize,
      0,
      timestampDelta,
      this.#count,
      key,
      value,
      headers,
    );
    if (timestamp > this.#maxTimestamp) this.#maxTimestamp = timestamp;
    this.#count++;
    return true;
  }

  /** The batch of the records appended (at least one): header and CRC-32C written. Ends the writer. */
  finish(): Batch {
    if (this.#count === 0) throw new EncodeError('LK_BATCH_EMPTY', 'a batch needs at least one record');
    if (this.#finished) throw new EncodeError('LK_BATCH_FINISHED', 'finish() called twice');
    this.#finished = true;
    return sealNewBatch(
      this.#frame.subarray(0, this.#pos),
      this.#count,
      this.#baseTimestamp,
      this.#maxTimestamp,
      this.#producer,
      this.#transactional,
    );
  }
}
