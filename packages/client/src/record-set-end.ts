import { BatchLayout, entryMagic, splitRecordSet } from '@lk/batch';

const { BASE_OFFSET, CURRENT_MAGIC, LAST_OFFSET_DELTA } = BatchLayout;

/**
 * Where the fetch after this record set starts, read from the v2 batch headers alone: no CRC
 * check, no decompression, no record decoding. It is the `nextOffset` that `readRecordSet` computes
 * (the highest `baseOffset + lastOffsetDelta + 1` of the complete batches), known early enough to
 * start the next fetch before the records are decoded.
 *
 * Undefined when it cannot be known without decoding: no complete batch, or a legacy v0/v1 entry
 * (its last offset is inside the message). Malformed entry lengths throw as in `splitRecordSet`.
 */
export function peekNextOffset(records: Uint8Array): bigint | undefined {
  let next: bigint | undefined;
  for (const entry of splitRecordSet(records)) {
    if (entryMagic(entry) !== CURRENT_MAGIC) return undefined;
    const view = new DataView(entry.buffer, entry.byteOffset, entry.byteLength);
    const end = view.getBigInt64(BASE_OFFSET) + BigInt(view.getInt32(LAST_OFFSET_DELTA)) + 1n;
    if (next === undefined || end > next) next = end;
  }
  return next;
}
