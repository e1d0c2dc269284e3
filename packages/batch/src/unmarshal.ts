import { compressionOf } from './attributes.ts';
import { CompressionType } from './codec.ts';
import { crc32c } from './crc32c.ts';
import { CorruptBatchError, type CorruptBatchErrorCode } from './errors.ts';
import type { BatchFields } from './fields.ts';
import { readTimestamp } from './int64.ts';
import * as L from './layout.ts';

/** Options for {@link Batch.unmarshal}. */
export interface UnmarshalOptions {
  /** Verify the CRC-32C (default true). Turn off only for bytes already verified. */
  verifyCrc?: boolean;
}

/** The smallest record: length, attributes, timestampDelta, offsetDelta, key, value, header count. */
export const MIN_RECORD_SIZE = 7;

/** Validates the framing of one v2 batch and reads its header fields. */
export function parseBatch(bytes: Uint8Array, options: UnmarshalOptions): BatchFields {
  if (bytes.length < L.HEADER_SIZE) {
    throw corrupt('LK_BATCH_TRUNCATED', `${bytes.length} bytes cannot hold a 61-byte batch header`, 0);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getInt8(L.MAGIC);
  if (magic !== L.CURRENT_MAGIC) {
    throw corrupt(
      'LK_BATCH_MAGIC',
      `magic ${magic} is not a v2 batch (legacy 0/1: readLegacyEntry)`,
      L.MAGIC,
    );
  }
  const batchLength = view.getInt32(L.BATCH_LENGTH);
  if (batchLength !== bytes.length - L.LOG_OVERHEAD) {
    throw corrupt(
      'LK_BATCH_LENGTH',
      `batchLength ${batchLength} but ${bytes.length - L.LOG_OVERHEAD} bytes follow it`,
      L.BATCH_LENGTH,
    );
  }
  if (options.verifyCrc !== false) {
    const stored = view.getUint32(L.CRC);
    const computed = crc32c(bytes.subarray(L.ATTRIBUTES));
    if (stored !== computed) {
      throw corrupt(
        'LK_BATCH_CRC',
        `CRC-32C mismatch: stored ${hex(stored)}, computed ${hex(computed)}`,
        L.CRC,
      );
    }
  }
  const attributes = view.getInt16(L.ATTRIBUTES);
  const recordsCount = view.getInt32(L.RECORDS_COUNT);
  const records = bytes.subarray(L.HEADER_SIZE);
  // Plain records take at least 7 bytes each, so a count beyond that is corrupt before any work.
  const plain = compressionOf(attributes) === CompressionType.none;
  if (recordsCount < 0 || (plain && recordsCount > records.length / MIN_RECORD_SIZE)) {
    throw corrupt(
      'LK_BATCH_COUNT',
      `recordsCount ${recordsCount} impossible in ${records.length} bytes`,
      L.RECORDS_COUNT,
    );
  }
  return {
    baseOffset: view.getBigInt64(L.BASE_OFFSET),
    partitionLeaderEpoch: view.getInt32(L.PARTITION_LEADER_EPOCH),
    attributes,
    lastOffsetDelta: view.getInt32(L.LAST_OFFSET_DELTA),
    baseTimestamp: readTimestamp(view, L.BASE_TIMESTAMP),
    maxTimestamp: readTimestamp(view, L.MAX_TIMESTAMP),
    producerId: view.getBigInt64(L.PRODUCER_ID),
    producerEpoch: view.getInt16(L.PRODUCER_EPOCH),
    baseSequence: view.getInt32(L.BASE_SEQUENCE),
    recordsCount,
    records,
  };
}

function corrupt(code: CorruptBatchErrorCode, message: string, at: number): CorruptBatchError {
  return new CorruptBatchError(code, message, at);
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
