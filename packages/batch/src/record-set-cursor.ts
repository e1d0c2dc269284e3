import type { RecordHeader } from '@lk/record';
import { Batch } from './batch.ts';
import type { BatchRecordCursor } from './batch-cursor.ts';
import { type BatchRecord, minimumOffsetDelta } from './read-records.ts';

/**
 * A reusable walk over the records of a {@link DecodedRecordSet}, batch after batch, with
 * nothing allocated per record unless asked for: `next()` parses and validates one record; its
 * fields are then read from the cursor, the offset as a bigint only when {@link offset} is
 * called, keys and values as views only when {@link key}/{@link value} are. The views share
 * memory with the fetched bytes: copy what must outlive them.
 *
 * @example
 * ```ts
 * const cursor = DecodedRecordSet.decode(partition.records).cursor();
 * while (cursor.next()) total += cursor.valueLength;
 * ```
 */
export class RecordSetCursor {
  private readonly parts: readonly (Batch | readonly BatchRecord[])[];
  private readonly fetchOffset: bigint | undefined;
  private part = -1;
  /** The current v2 batch's cursor; null on a legacy entry (or before the first record). */
  private records: BatchRecordCursor | null = null;
  private minDelta = 0;
  private legacy: readonly BatchRecord[] | null = null;
  private legacyIndex = 0;
  /** The current legacy record, null on a v2 record. */
  private current: BatchRecord | null = null;

  constructor(parts: readonly (Batch | readonly BatchRecord[])[], fetchOffset?: bigint) {
    this.parts = parts;
    this.fetchOffset = fetchOffset;
  }

  /** Moves to the next record; false after the last one. Throws `DecodeError` on a corrupt record. */
  next(): boolean {
    for (;;) {
      const records = this.records;
      if (records !== null) {
        while (records.next()) if (records.offsetDelta >= this.minDelta) return true;
        this.records = null;
      } else if (this.legacy !== null) {
        if (this.legacyIndex < this.legacy.length) {
          this.current = this.legacy[this.legacyIndex++]!;
          return true;
        }
        this.legacy = null;
        this.current = null;
      }
      if (++this.part >= this.parts.length) return false;
      const part = this.parts[this.part]!;
      if (part instanceof Batch) {
        this.records = part.cursor();
        this.minDelta = minimumOffsetDelta(part.baseOffset, this.fetchOffset);
      } else {
        this.legacy = part;
        this.legacyIndex = 0;
      }
    }
  }

  /** The v2 batch the current record is in; null for a legacy (v0/v1) record. */
  get batch(): Batch | null {
    return this.current === null ? (this.parts[this.part] as Batch) : null;
  }

  /** The current record's absolute offset. */
  offset(): bigint {
    return this.current?.offset ?? this.records!.offset();
  }

  /** The current record's timestamp in ms (the append time under LogAppendTime; -1 unknown, magic 0). */
  timestamp(): number {
    return this.current?.timestamp ?? this.records!.timestamp();
  }

  /** The key's length in bytes, -1 for a null key. */
  get keyLength(): number {
    const current = this.current;
    return current === null ? this.records!.keyLength : (current.key?.length ?? -1);
  }

  /** The value's length in bytes, -1 for a null value. */
  get valueLength(): number {
    const current = this.current;
    return current === null ? this.records!.valueLength : (current.value?.length ?? -1);
  }

  /** The key as a view of the batch, or null. */
  key(): Uint8Array | null {
    const current = this.current;
    return current === null ? this.records!.key() : current.key;
  }

  /** The value as a view of the batch, or null. */
  value(): Uint8Array | null {
    const current = this.current;
    return current === null ? this.records!.value() : current.value;
  }

  /** The headers in wire order (a shared empty array when there are none); values are views. */
  headers(): readonly RecordHeader[] {
    const current = this.current;
    return current === null ? this.records!.headers() : current.headers;
  }

  /** The current record as an object, as {@link Batch.readRecords} makes them. */
  record(): BatchRecord {
    return (
      this.current ?? {
        offset: this.offset(),
        timestamp: this.timestamp(),
        key: this.key(),
        value: this.value(),
        headers: this.headers(),
      }
    );
  }
}
