import { DecodeError, EncodeError } from './errors.ts';

/** A read position that decoders advance; any object with a numeric `pos` (a Reader is one). */
export interface Cursor {
  pos: number;
}

/** Bytes an unsigned varint of `value` (0 ≤ value < 2^32) takes. */
export function uvarintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

/** Writes an unsigned 32-bit varint (LEB128) at `pos`; returns the position after it. */
export function writeUvarint(buf: Uint8Array, pos: number, value: number): number {
  if (!(value >= 0 && value <= 0xffffffff && Number.isInteger(value))) {
    throw new EncodeError('LK_VARINT_RANGE', `unsigned varint out of range: ${value}`);
  }
  while (value > 0x7f) {
    buf[pos++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  buf[pos++] = value;
  return pos;
}

/**
 * Reads an unsigned 32-bit varint at `cursor.pos`, not past `end`, and advances the cursor.
 * Rejects truncated input and encodings longer than 5 bytes or above 2^32-1.
 */
export function readUvarint(buf: Uint8Array, cursor: Cursor, end: number = buf.length): number {
  let pos = cursor.pos;
  if (pos >= end) throw truncated(pos);
  let byte = buf[pos++]!;
  if (byte < 0x80) {
    cursor.pos = pos;
    return byte;
  }
  let result = byte & 0x7f;
  for (let shift = 7; ; shift += 7) {
    if (pos >= end) throw truncated(pos);
    byte = buf[pos++]!;
    if (shift === 28) {
      // The fifth byte may carry only the top 4 bits of a uint32 and must end the varint.
      if (byte > 0x0f)
        throw new DecodeError('LK_VARINT_OVERLONG', 'varint longer than 5 bytes or above 2^32-1', pos - 1);
      result += byte * 0x10000000;
      break;
    }
    result |= (byte & 0x7f) << shift;
    if (byte < 0x80) break;
  }
  cursor.pos = pos;
  return result;
}

export function truncated(pos: number): DecodeError {
  return new DecodeError('LK_VARINT_TRUNCATED', 'varint runs past the end of the input', pos);
}
