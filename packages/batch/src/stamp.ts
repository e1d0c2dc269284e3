import { CorruptBatchError } from './errors.ts';
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
  if (frame.length < L.HEADER_SIZE) {
    throw new CorruptBatchError(
      'LK_BATCH_TRUNCATED',
      `${frame.length} bytes cannot hold a 61-byte batch header`,
      0,
    );
  }
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  view.setBigInt64(L.BASE_OFFSET, baseOffset);
  view.setInt32(L.PARTITION_LEADER_EPOCH, partitionLeaderEpoch);
}
