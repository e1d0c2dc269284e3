import type { RecordHeader } from '@lk/record';
import { BatchRecordCursor } from './batch-cursor.ts';
import type { BatchFields } from './fields.ts';

/** A fully decoded record with its absolute offset and timestamp. */
export interface BatchRecord {
  offset: bigint;
  /** ms since the epoch (exact within ±2^53); the append time under LogAppendTime; -1 when unknown (magic 0). */
  timestamp: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: readonly RecordHeader[];
}

/** Options for {@link Batch.readRecords}. */
export interface ReadRecordsOptions {
  /** Skip records below this offset: a fetch may return a batch that starts before the fetch position. */
  fromOffset?: bigint;
}

/** Decodes every record of an uncompressed batch with offsets and timestamps; see {@link Batch.readRecords}. */
export function readRecords(batch: BatchFields, options: ReadRecordsOptions = {}): BatchRecord[] {
  const cursor = new BatchRecordCursor(batch);
  const minDelta = minimumOffsetDelta(batch.baseOffset, options.fromOffset);
  const records: BatchRecord[] = [];
  while (cursor.next()) {
    if (cursor.offsetDelta < minDelta) continue;
    records.push({
      offset: cursor.offset(),
      timestamp: cursor.timestamp(),
      key: cursor.key(),
      value: cursor.value(),
      headers: cursor.headers(),
    });
  }
  return records;
}

/** The smallest offsetDelta at or above `fromOffset`, clamped to the int32 range deltas live in. */
export function minimumOffsetDelta(baseOffset: bigint, fromOffset: bigint | undefined): number {
  if (fromOffset === undefined) return -0x80000000;
  const delta = fromOffset - baseOffset;
  if (delta <= -0x80000000n) return -0x80000000;
  if (delta > 0x7fffffffn) return Number.POSITIVE_INFINITY;
  return Number(delta);
}
