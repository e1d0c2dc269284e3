import type { Batch } from './batch.ts';
import { CorruptBatchError } from './errors.ts';

/** Control record types (RECORD_FORMAT §6). 2-6 are KRaft internals; others are unknown. */
export const ControlRecordType = {
  abort: 0,
  commit: 1,
  leaderChange: 2,
  snapshotHeader: 3,
  snapshotFooter: 4,
  kraftVersion: 5,
  kraftVoters: 6,
} as const;

/** The record of a control batch. `coordinatorEpoch` is set for ABORT and COMMIT markers only. */
export interface ControlRecord {
  /** The key's version (0 today; later versions only append fields). */
  version: number;
  /** See {@link ControlRecordType}. */
  type: number;
  coordinatorEpoch: number | null;
}

/**
 * Decodes the record of a control batch (attribute bit 5): a transaction marker (ABORT or COMMIT
 * with its coordinator epoch) or a KRaft record, whose value is left undecoded.
 *
 * @example
 * ```ts
 * if (batch.isControl && readControlRecord(batch).type === ControlRecordType.abort) { … }
 * ```
 */
export function readControlRecord(batch: Batch): ControlRecord {
  if (!batch.isControl) throw corrupt('not a control batch');
  const cursor = batch.cursor();
  if (!cursor.next()) throw corrupt('control batch without a record');
  const key = cursor.key();
  if (key === null || key.length < 4) throw corrupt('control record key shorter than 4 bytes');
  const version = int16(key, 0);
  if (version < 0) throw corrupt(`control record version ${version}`);
  const type = int16(key, 2);
  if (type !== ControlRecordType.abort && type !== ControlRecordType.commit) {
    return { version, type, coordinatorEpoch: null };
  }
  const value = cursor.value();
  if (value === null || value.length < 6) throw corrupt('transaction marker value shorter than 6 bytes');
  if (int16(value, 0) < 0) throw corrupt(`transaction marker version ${int16(value, 0)}`);
  const coordinatorEpoch = (value[2]! << 24) | (value[3]! << 16) | (value[4]! << 8) | value[5]!;
  return { version, type, coordinatorEpoch };
}

/** True for a control batch whose marker is ABORT. */
export function isAbortMarker(batch: Batch): boolean {
  return batch.isControl && readControlRecord(batch).type === ControlRecordType.abort;
}

function int16(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16)) >> 16;
}

function corrupt(message: string): CorruptBatchError {
  return new CorruptBatchError('LK_BATCH_CONTROL', message);
}
