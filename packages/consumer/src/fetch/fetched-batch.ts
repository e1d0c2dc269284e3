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

/** The fetcher's {@link PartitionBatch}: its record set checked, its records decoded when asked. */
export class FetchedBatch implements PartitionBatch {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: bigint;
  readonly leaderEpoch: number;
  readonly highWatermark: bigint;
  readonly lag: bigint;
  private readonly set: DecodedRecordSet;
  private decoded: BatchRecord[] | null = null;
  private count = -1;

  constructor(fields: Omit<PartitionBatch, 'records' | 'recordCount' | 'cursor'>, set: DecodedRecordSet) {
    this.topic = fields.topic;
    this.partition = fields.partition;
    this.nextOffset = fields.nextOffset;
    this.leaderEpoch = fields.leaderEpoch;
    this.highWatermark = fields.highWatermark;
    this.lag = fields.lag;
    this.set = set;
  }

  get records(): BatchRecord[] {
    return (this.decoded ??= this.set.records());
  }

  get recordCount(): number {
    if (this.count < 0) {
      if (this.decoded !== null) this.count = this.decoded.length;
      else {
        let n = 0;
        for (const cursor = this.set.cursor(); cursor.next(); ) n++;
        this.count = n;
      }
    }
    return this.count;
  }

  cursor(): RecordSetCursor {
    return this.set.cursor();
  }

  /** True when the batch holds records (false: control records only, or all below the fetch position). */
  get hasRecords(): boolean {
    return this.count > 0 || (this.count < 0 && this.set.hasRecords);
  }
}
