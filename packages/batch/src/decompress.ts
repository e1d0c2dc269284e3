import { compressionOf } from './attributes.ts';
import { DecompressError, type Decompressor } from './codec.ts';
import { CorruptBatchError } from './errors.ts';
import type { BatchFields } from './fields.ts';
import * as L from './layout.ts';

/**
 * The plain records of a compressed batch. A batch without records is not decompressed
 * (RECORD_FORMAT §7); the record count is checked later, when the records are read.
 */
export function decompressRecords(
  batch: BatchFields,
  decompressor: Decompressor,
  maxOutputSize: number,
): Uint8Array {
  if (!hasCompressedRecords(batch, decompressor)) return new Uint8Array(0);
  return decompressor.decompress(batch.records, { maxOutputSize });
}

/**
 * {@link decompressRecords} through the decompressor's `decompressAsync` (off the event loop
 * where the codec's library allows), or its synchronous `decompress` when it has no async variant.
 */
export async function decompressRecordsAsync(
  batch: BatchFields,
  decompressor: Decompressor,
  maxOutputSize: number,
): Promise<Uint8Array> {
  if (!hasCompressedRecords(batch, decompressor)) return new Uint8Array(0);
  const options = { maxOutputSize };
  return decompressor.decompressAsync === undefined
    ? decompressor.decompress(batch.records, options)
    : decompressor.decompressAsync(batch.records, options);
}

/** Checks that `decompressor` handles the batch's compression; false when there are no records. */
function hasCompressedRecords(batch: BatchFields, decompressor: Decompressor): boolean {
  const type = compressionOf(batch.attributes);
  if (type > 4)
    throw new CorruptBatchError('LK_BATCH_CODEC', `unknown compression type ${type}`, L.ATTRIBUTES);
  if (decompressor.type !== type) {
    throw new DecompressError(
      'LK_DECOMPRESS_CODEC',
      `batch uses compression type ${type}, the decompressor handles type ${decompressor.type}`,
    );
  }
  return batch.recordsCount !== 0;
}
