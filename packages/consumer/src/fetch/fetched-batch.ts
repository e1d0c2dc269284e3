import type { BatchRecord, DecodedRecordSet, RecordSetCursor } from '@lk/batch';

/**
 * Records of one partition from one fetch, in offset order: walk them with {@link cursor}
 * (nothing allocated per record) or read them as objects from {@link records} (decoded on first
 * use). With `reuseMemory`, read them before the batch counts as processed (the loop asking for
 * the next one): afterwards its memory holds other responses.
 */
export interface PartitionBatch {
  topic: string;
  partition: number;
  /** The records as objects, decoded from the batches on first use (keys and values are views). */
  readonly records: BatchRecord[];
  /** The number of records: what {@link records} holds, without decoding them. */
  readonly recordCount: number;
  /**
   * A fresh walk over the records without an object per record (offsets as bigints, keys and
   * values as views, only when asked for).
   *
   * @example
   * ```ts
   * for (const cursor = batch.cursor(); cursor.next(); ) total += cursor.valueLength;
   * ```
   */
  cursor(): RecordSetCursor;
  /** Where the partition continues: what committing this batch stores. */
  nextOffset: bigint;
  /** The leader epoch of the batch's last record batch (committed with the offset). */
  leaderEpoch: number;
  highWatermark: bigint;
  /** Records behind the high watermark (read_committed: the last stable offset) after this batch. */
  lag: bigint;
}

/** A batch's own fields: everything but its records. */
export type PartitionBatchFields = Omit<PartitionBatch, 'records' | 'recordCount' | 'cursor'>;

/** The fetcher's {@link PartitionBatch}: its record set checked, its records decoded when asked. */
export function fetchedBatch(fields: PartitionBatchFields, set: DecodedRecordSet): PartitionBatch {
  let decoded: BatchRecord[] | null = null;
  let count = -1;
  return {
    ...fields,
    get records(): BatchRecord[] {
      return (decoded ??= set.records());
    },
    get recordCount(): number {
      if (count < 0) count = decoded?.length ?? countRecords(set);
      return count;
    },
    cursor: () => set.cursor(),
  };
}

function countRecords(set: DecodedRecordSet): number {
  let n = 0;
  for (const cursor = set.cursor(); cursor.next(); ) n++;
  return n;
}
