import { allocateUninitialized } from '@lk/wire';
import { Batch } from './batch.ts';
import type { BatchBuffer } from './batch-buffer.ts';
import type { ProducerFields } from './builder.ts';
import { crc32c } from './crc32c.ts';
import { crc32cShift } from './crc32c-shift.ts';
import { CorruptBatchError } from './errors.ts';
import { writeProducerFields } from './fields.ts';
import * as L from './layout.ts';

/**
 * The broker's side of an append: writes the batch's `baseOffset` and `partitionLeaderEpoch` into
 * its marshaled bytes in place. Neither field is covered by the CRC-32C (it starts at the
 * attributes), so the batch stays valid and its compressed records are kept as sent. For fake
 * brokers and tools that store batches; `frame` must be one whole v2 batch.
 *
 * @example
 * ```ts
 * const stored = Batch.unmarshal(sent).marshal().slice(); // CRC checked, then copied
 * stampBatch(stored, nextOffset, leaderEpoch);
 * ```
 */
export function stampBatch(frame: Uint8Array, baseOffset: bigint, partitionLeaderEpoch: number): void {
  checkHeader(frame);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  view.setBigInt64(L.BASE_OFFSET, baseOffset);
  view.setInt32(L.PARTITION_LEADER_EPOCH, partitionLeaderEpoch);
}

/**
 * A copy of `batch` stamped with other producer fields (id, epoch, base sequence), as an idempotent
 * producer stamps a batch it was handed: the records are copied as they are (compressed or not)
 * and the CRC-32C is carried over from the header's change alone (see
 * {@link stampProducerInPlace}). With `into`, the copy is written into that reusable memory (the
 * contract of {@link BatchBuffer}) instead of a fresh allocation.
 *
 * @example
 * ```ts
 * const stamped = stampProducer(batch, { producerId: 42n, producerEpoch: 0, baseSequence: 100 });
 * ```
 */
export function stampProducer(
  batch: Batch,
  producer: ProducerFields,
  options: { into?: BatchBuffer } = {},
): Batch {
  const old = batch.marshal();
  const frame =
    options.into === undefined ? allocateUninitialized(old.length) : options.into.reserve(old.length);
  frame.set(old);
  stampProducerInPlace(frame, producer);
  return Batch.unmarshal(frame, { verifyCrc: false });
}

/**
 * Writes producer fields (id, epoch, base sequence) into a marshaled v2 batch in place and updates
 * its CRC-32C from the header's change alone, in O(log n) instead of a pass over the records: for
 * frames of equal length the CRC changes by the change of the header's CRC carried over the bytes
 * after it. A batch whose stored CRC was wrong stays wrong. `frame` must be one whole v2 batch.
 */
export function stampProducerInPlace(frame: Uint8Array, producer: ProducerFields): void {
  checkHeader(frame);
  const before = crc32c(frame.subarray(L.ATTRIBUTES, L.HEADER_SIZE));
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  writeProducerFields(view, producer);
  const change = before ^ crc32c(frame.subarray(L.ATTRIBUTES, L.HEADER_SIZE));
  view.setUint32(L.CRC, (view.getUint32(L.CRC) ^ crc32cShift(change, frame.length - L.HEADER_SIZE)) >>> 0);
}

/** Refuses bytes shorter than a batch header (both stamps write into it). */
function checkHeader(frame: Uint8Array): void {
  if (frame.length < L.HEADER_SIZE) {
    throw new CorruptBatchError(
      'LK_BATCH_TRUNCATED',
      `${frame.length} bytes cannot hold a 61-byte batch header`,
      0,
    );
  }
}
