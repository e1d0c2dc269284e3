import { Batch, BatchLayout, entryMagic, splitRecordSet } from '@lk/batch';

/**
 * Where the fetch after this record set starts, read from the v2 batch headers alone: no CRC
 * check, no decompression, no record decoding. It is the `nextOffset` that `readRecordSet` computes
 * (the highest `baseOffset + lastOffsetDelta + 1` of the complete batches), known early enough to
 * start the next fetch before the records are decoded.
 *
 * Undefined when it cannot be known without decoding: no complete batch, or a legacy v0/v1 entry
 * (its last offset is inside the message). A malformed entry throws the `CorruptBatchError`
 * that reading the records would: `splitRecordSet`'s for its length, `Batch.unmarshal`'s for its
 * header (`LK_BATCH_TRUNCATED` when the entry is shorter than a batch header).
 */
export function peekNextOffset(records: Uint8Array): bigint | undefined {
  let next: bigint | undefined;
  for (const entry of splitRecordSet(records)) {
    if (entryMagic(entry) !== BatchLayout.CURRENT_MAGIC) return undefined;
    // The header checks of read(), without the CRC: the same entries fail here as there.
    const end = Batch.unmarshal(entry, { verifyCrc: false }).nextOffset;
    if (next === undefined || end > next) next = end;
  }
  return next;
}
