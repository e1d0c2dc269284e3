// Appending a produced batch to a partition: the checks a Kafka leader makes (framing, CRC, size,
// idempotent sequence), then the batch stored as sent with its offset and leader epoch stamped.
import { ErrorCode } from '@lk/api';
import { Batch, CorruptBatchError, entryMagic, splitRecordSet, stampBatch } from '@lk/batch';
import type { Partition } from './topic.ts';

const BATCH_MAGIC = 2;

export type AppendResult =
  | { errorCode: typeof ErrorCode.NONE; baseOffset: bigint }
  | { errorCode: number; baseOffset: -1n; message: string };

function refuse(errorCode: number, message: string): AppendResult {
  return { errorCode, baseOffset: -1n, message };
}

/**
 * Validates one partition's `records` from a Produce request and appends them. `handedOver`: the
 * memory of `records` is the fake's to keep and stamp (a request frame), see PartitionLog.store.
 */
export function appendRecords(
  partition: Partition,
  records: Uint8Array | null,
  maxMessageBytes: number,
  retentionBytes: number,
  handedOver = false,
): AppendResult {
  if (records === null || records.length === 0) {
    return refuse(
      ErrorCode.INVALID_RECORD,
      'produce requests must have at least one record batch per partition',
    );
  }
  let entries: Uint8Array[];
  try {
    entries = splitRecordSet(records);
  } catch (error) {
    return refuse(ErrorCode.CORRUPT_MESSAGE, (error as Error).message);
  }
  const framed = entries.reduce((n, e) => n + e.length, 0);
  if (framed !== records.length)
    return refuse(ErrorCode.CORRUPT_MESSAGE, 'record set ends in a partial batch');
  if (entries.length !== 1) {
    return refuse(
      ErrorCode.INVALID_RECORD,
      'produce requests may contain exactly one record batch per partition',
    );
  }
  const entry = entries[0]!;
  if (entryMagic(entry) !== BATCH_MAGIC) {
    return refuse(ErrorCode.INVALID_RECORD, 'produce requests may only contain record batches with magic 2');
  }
  if (entry.length > maxMessageBytes) {
    return refuse(ErrorCode.MESSAGE_TOO_LARGE, `batch of ${entry.length} bytes exceeds ${maxMessageBytes}`);
  }
  let batch: Batch;
  try {
    batch = Batch.unmarshal(entry); // checks the CRC-32C and the framing
  } catch (error) {
    if (error instanceof CorruptBatchError) return refuse(ErrorCode.CORRUPT_MESSAGE, error.message);
    throw error;
  }
  if (batch.recordsCount === 0 || batch.lastOffsetDelta !== batch.recordsCount - 1) {
    return refuse(
      ErrorCode.INVALID_RECORD,
      `lastOffsetDelta ${batch.lastOffsetDelta} with ${batch.recordsCount} records`,
    );
  }
  const verdict = partition.producers.check(batch);
  if (verdict.kind === 'error') return refuse(verdict.errorCode, verdict.message);
  if (verdict.kind === 'duplicate') return { errorCode: ErrorCode.NONE, baseOffset: verdict.baseOffset };
  const { log } = partition;
  const baseOffset = log.highWatermark;
  const bytes = log.store(entry, handedOver);
  stampBatch(bytes, baseOffset, partition.leaderEpoch);
  log.append({
    baseOffset,
    lastOffset: baseOffset + BigInt(batch.lastOffsetDelta),
    leaderEpoch: partition.leaderEpoch,
    maxTimestamp: batch.maxTimestamp,
    bytes,
  });
  partition.producers.appended(batch, baseOffset);
  log.retain(retentionBytes);
  return { errorCode: ErrorCode.NONE, baseOffset };
}
