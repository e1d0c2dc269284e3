import { recordBodySize, recordSize } from '@lk/record';
import type { RecordToAdd } from './builder.ts';
import * as L from './layout.ts';

/** Bytes of a v2 batch before its first record: the header every batch carries. */
export const BATCH_HEADER_SIZE = L.HEADER_SIZE;

const EMPTY: readonly [] = [];

/**
 * Bytes `record` takes inside an uncompressed batch at `offsetDelta`, `timestampDelta` ms after the
 * batch's first record: what a producer counts to fill batches up to a byte size (as the Java
 * client's MemoryRecordsBuilder does). Exactly what {@link Builder} writes for the same deltas.
 */
export function recordSizeInBatch(record: RecordToAdd, offsetDelta = 0, timestampDelta = 0): number {
  return recordSize(
    recordBodySize(
      timestampDelta,
      offsetDelta,
      record.key ?? null,
      record.value ?? null,
      record.headers ?? EMPTY,
    ),
  );
}
