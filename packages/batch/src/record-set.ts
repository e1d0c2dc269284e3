import { CorruptBatchError } from './errors.ts';
import * as L from './layout.ts';

/** The smallest legacy entry's size field (LegacyRecord v0 overhead); below it the length is corrupt. */
const MIN_ENTRY_LENGTH = 14;

/**
 * Splits a `records` field (what Fetch returns for a partition) into its entries: v2 batches and
 * legacy v0/v1 messages, as zero-copy views. A truncated last entry is normal (the broker cuts at
 * a byte limit) and is dropped silently; a length below 14 or a magic byte outside 0-2 is
 * corruption and throws {@link CorruptBatchError} (RECORD_FORMAT §8.1).
 *
 * @example
 * ```ts
 * for (const entry of splitRecordSet(partition.records)) {
 *   if (entryMagic(entry) === 2) handle(Batch.unmarshal(entry));
 * }
 * ```
 */
export function splitRecordSet(data: Uint8Array): Uint8Array[] {
  const entries: Uint8Array[] = [];
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  while (data.length - pos >= L.LOG_OVERHEAD) {
    const length = view.getInt32(pos + L.BATCH_LENGTH);
    if (length < MIN_ENTRY_LENGTH) {
      throw new CorruptBatchError(
        'LK_RECORD_SET_LENGTH',
        `entry length ${length} below 14`,
        pos + L.BATCH_LENGTH,
      );
    }
    if (data.length - pos > L.MAGIC) {
      const magic = data[pos + L.MAGIC]!;
      if (magic > L.CURRENT_MAGIC) {
        throw new CorruptBatchError('LK_RECORD_SET_MAGIC', `unknown magic ${magic}`, pos + L.MAGIC);
      }
    }
    const size = L.LOG_OVERHEAD + length;
    if (size > data.length - pos) break; // truncated tail
    entries.push(data.subarray(pos, pos + size));
    pos += size;
  }
  return entries;
}

/** The magic byte of an entry from {@link splitRecordSet}: 2 for a batch, 0 or 1 for a legacy message. */
export function entryMagic(entry: Uint8Array): number {
  return entry[L.MAGIC]!;
}
