import { RecordCursor } from '@lk/record';
import { LkError } from '@lk/wire';
import { Attributes, compressionOf } from './attributes.ts';
import { CompressionType } from './codec.ts';
import type { BatchFields } from './fields.ts';

/**
 * A {@link RecordCursor} over one uncompressed batch: exactly `recordsCount` records, with
 * absolute offsets and timestamps on demand. Reuse one cursor per batch; nothing is allocated
 * per record unless asked for.
 *
 * @example
 * ```ts
 * const cursor = batch.cursor();
 * while (cursor.next()) handle(cursor.offset(), cursor.key(), cursor.value(), cursor.headers());
 * ```
 */
export class BatchRecordCursor extends RecordCursor {
  readonly batch: BatchFields;
  private readonly logAppendTime: boolean;

  constructor(batch: BatchFields) {
    if (compressionOf(batch.attributes) !== CompressionType.none) {
      throw new LkError('LK_BATCH_COMPRESSED', 'records are compressed: decompress the batch first');
    }
    super(batch.records, 0, batch.records.length, batch.recordsCount);
    this.batch = batch;
    this.logAppendTime = (batch.attributes & Attributes.logAppendTime) !== 0;
  }

  /** The current record's absolute offset: baseOffset + offsetDelta. */
  offset(): bigint {
    return this.batch.baseOffset + BigInt(this.offsetDelta);
  }

  /**
   * The current record's timestamp in ms: the batch's maxTimestamp under LogAppendTime, else
   * baseTimestamp + timestampDelta (which also holds for delete-horizon batches).
   */
  timestamp(): number {
    return this.logAppendTime ? this.batch.maxTimestamp : this.batch.baseTimestamp + this.timestampDelta;
  }
}
