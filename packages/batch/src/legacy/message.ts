import { CorruptBatchError } from '../errors.ts';
import { crc32Ieee } from './crc32-ieee.ts';

/** One legacy (magic 0 or 1) message, as stored. */
export interface LegacyMessage {
  offset: bigint;
  magic: 0 | 1;
  attributes: number;
  /** -1 for magic 0, which has no timestamps. */
  timestamp: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
}

// offset 8, size 4, crc 4, magic 1, attributes 1; then timestamp 8 (v1 only), key 4+k, value 4+v.
const CRC_AT = 12;
const MAGIC_AT = 16;
const ATTRIBUTES_AT = 17;

/**
 * Parses exactly one legacy message (`entry` = offset, size, message). The CRC-32/IEEE is checked
 * unless `verifyCrc` is false; key and value are views of `entry`.
 */
export function parseLegacyMessage(entry: Uint8Array, verifyCrc: boolean): LegacyMessage {
  const view = new DataView(entry.buffer, entry.byteOffset, entry.byteLength);
  const magic = entry.length > MAGIC_AT ? entry[MAGIC_AT]! : -1;
  if (magic !== 0 && magic !== 1) throw corrupt(`legacy magic ${magic}`, MAGIC_AT);
  let pos = ATTRIBUTES_AT + 1 + (magic === 1 ? 8 : 0);
  if (entry.length < pos + 8 || view.getInt32(8) !== entry.length - 12) {
    throw corrupt(`legacy message of ${entry.length} bytes is truncated or mis-sized`, 8);
  }
  if (verifyCrc) {
    const stored = view.getUint32(CRC_AT);
    const computed = crc32Ieee(entry.subarray(MAGIC_AT));
    if (stored !== computed) throw corrupt(`CRC-32 mismatch: stored ${stored}, computed ${computed}`, CRC_AT);
  }
  const key = readBytes(entry, view, pos);
  pos += 4 + (key?.length ?? 0);
  if (entry.length < pos + 4) throw corrupt('legacy message ends before its value', pos);
  const value = readBytes(entry, view, pos);
  pos += 4 + (value?.length ?? 0);
  if (pos !== entry.length) throw corrupt(`${entry.length - pos} bytes after the legacy message value`, pos);
  return {
    offset: view.getBigInt64(0),
    magic,
    attributes: entry[ATTRIBUTES_AT]!,
    timestamp: magic === 1 ? readSafeTimestamp(view, ATTRIBUTES_AT + 1) : -1,
    key,
    value,
  };
}

function readBytes(entry: Uint8Array, view: DataView, at: number): Uint8Array | null {
  const length = view.getInt32(at);
  if (length === -1) return null;
  if (length < -1 || length > entry.length - at - 4) {
    throw corrupt(`legacy length ${length} outside the ${entry.length - at - 4} bytes left`, at);
  }
  return entry.subarray(at + 4, at + 4 + length);
}

function readSafeTimestamp(view: DataView, at: number): number {
  const value = Number(view.getBigInt64(at));
  if (!Number.isSafeInteger(value)) throw corrupt('legacy timestamp is not a safe integer', at);
  return value;
}

export function corrupt(message: string, at?: number): CorruptBatchError {
  return new CorruptBatchError('LK_LEGACY_CORRUPT', message, at);
}
