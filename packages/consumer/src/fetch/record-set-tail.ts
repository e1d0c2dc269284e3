import { BatchLayout, entryMagic, splitRecordSet } from '@lk/batch';

const { BASE_OFFSET, CURRENT_MAGIC, LAST_OFFSET_DELTA, PARTITION_LEADER_EPOCH } = BatchLayout;

/** What the batch headers of a fetched record set say, read without decoding records. */
export interface RecordSetTail {
  /** After the last complete batch; undefined without one (or for legacy entries: decode to know). */
  nextOffset: bigint | undefined;
  /** The leader epoch of the last complete v2 batch, -1 without one. */
  lastEpoch: number;
}

/** Reads the next offset and the last batch's leader epoch from the v2 headers. */
export function recordSetTail(records: Uint8Array): RecordSetTail {
  let nextOffset: bigint | undefined;
  let lastEpoch = -1;
  for (const entry of splitRecordSet(records)) {
    if (entryMagic(entry) !== CURRENT_MAGIC) return { nextOffset: undefined, lastEpoch };
    const view = new DataView(entry.buffer, entry.byteOffset, entry.byteLength);
    const end = view.getBigInt64(BASE_OFFSET) + BigInt(view.getInt32(LAST_OFFSET_DELTA)) + 1n;
    if (nextOffset === undefined || end > nextOffset) nextOffset = end;
    lastEpoch = view.getInt32(PARTITION_LEADER_EPOCH);
  }
  return { nextOffset, lastEpoch };
}
