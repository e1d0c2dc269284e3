import { EncodeError } from '@lk/wire';
import { writeTimestamp } from './int64.ts';
import * as L from './layout.ts';

/**
 * The header fields of a v2 batch that a writer chooses. `batchLength`, `magic` and `crc` follow
 * from them and the records.
 */
export interface BatchFields {
  /** Offset of the first record. Producers send 0; the broker assigns real offsets. */
  baseOffset: bigint;
  /** -1 from producers; the leader stamps its epoch. */
  partitionLeaderEpoch: number;
  /** See {@link Attributes}. */
  attributes: number;
  /** offsetDelta of the last record: lastOffset = baseOffset + lastOffsetDelta. */
  lastOffsetDelta: number;
  /** ms (exact within ±2^53); -1 for none. Record timestamps are deltas from it. */
  baseTimestamp: number;
  /** ms: the largest record timestamp, or the broker's append time under LogAppendTime. */
  maxTimestamp: number;
  /** -1n unless idempotent. */
  producerId: bigint;
  /** -1 unless idempotent. */
  producerEpoch: number;
  /** Sequence of the first record; -1 unless idempotent. */
  baseSequence: number;
  /** Number of records; never compressed. */
  recordsCount: number;
  /** The records section as stored: plain records, or one compressed blob. */
  records: Uint8Array;
}

/** Writes the header of `fields` into `frame[0, 61)`; the CRC is left for {@link sealFrame}. */
export function writeHeader(frame: Uint8Array, fields: BatchFields): DataView {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  view.setBigInt64(L.BASE_OFFSET, checkInt64(fields.baseOffset, 'baseOffset'));
  view.setInt32(L.BATCH_LENGTH, checkInt(frame.length - L.LOG_OVERHEAD, 32, 'batchLength'));
  view.setInt32(L.PARTITION_LEADER_EPOCH, checkInt(fields.partitionLeaderEpoch, 32, 'partitionLeaderEpoch'));
  frame[L.MAGIC] = L.CURRENT_MAGIC;
  view.setInt16(L.ATTRIBUTES, checkInt(fields.attributes, 16, 'attributes'));
  view.setInt32(L.LAST_OFFSET_DELTA, checkInt(fields.lastOffsetDelta, 32, 'lastOffsetDelta'));
  writeTimestamp(view, L.BASE_TIMESTAMP, fields.baseTimestamp);
  writeTimestamp(view, L.MAX_TIMESTAMP, fields.maxTimestamp);
  writeProducerFields(view, fields);
  view.setInt32(L.RECORDS_COUNT, checkInt(fields.recordsCount, 32, 'recordsCount'));
  return view;
}

/** Writes producer id, epoch and base sequence into a batch header's view: all checked before any is written. */
export function writeProducerFields(
  view: DataView,
  fields: Pick<BatchFields, 'producerId' | 'producerEpoch' | 'baseSequence'>,
): void {
  const producerId = checkInt64(fields.producerId, 'producerId');
  const producerEpoch = checkInt(fields.producerEpoch, 16, 'producerEpoch');
  const baseSequence = checkInt(fields.baseSequence, 32, 'baseSequence');
  view.setBigInt64(L.PRODUCER_ID, producerId);
  view.setInt16(L.PRODUCER_EPOCH, producerEpoch);
  view.setInt32(L.BASE_SEQUENCE, baseSequence);
}

function checkInt(value: number, bits: 16 | 32, name: string): number {
  const limit = bits === 16 ? 0x8000 : 0x80000000;
  if (!(Number.isInteger(value) && value >= -limit && value < limit)) {
    throw new EncodeError('LK_BATCH_FIELD', `${name} out of int${bits} range: ${value}`);
  }
  return value;
}

function checkInt64(value: bigint, name: string): bigint {
  if (typeof value !== 'bigint' || value < -(1n << 63n) || value >= 1n << 63n) {
    throw new EncodeError('LK_BATCH_FIELD', `${name} must be an int64 bigint: ${String(value)}`);
  }
  return value;
}
