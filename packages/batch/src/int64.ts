import { DecodeError, EncodeError } from '@lk/wire';

const TWO_32 = 0x1_0000_0000;

/**
 * Reads an int64 millisecond timestamp as a number. Values beyond ±(2^53-1) would be rounded, so
 * they are refused; no clock comes near (2^53 ms is 285,000 years).
 */
export function readTimestamp(view: DataView, at: number): number {
  const high = view.getInt32(at);
  const value = high * TWO_32 + view.getUint32(at + 4);
  if (!Number.isSafeInteger(value)) {
    throw new DecodeError(
      'LK_BATCH_TIMESTAMP',
      `timestamp ${view.getBigInt64(at)} is not a safe integer`,
      at,
    );
  }
  return value;
}

/** Writes a safe-integer millisecond timestamp as an int64. */
export function writeTimestamp(view: DataView, at: number, value: number): void {
  if (!Number.isSafeInteger(value))
    throw new EncodeError('LK_BATCH_TIMESTAMP', `timestamp must be a safe integer: ${value}`);
  const high = Math.floor(value / TWO_32);
  view.setInt32(at, high);
  view.setUint32(at + 4, value - high * TWO_32);
}
