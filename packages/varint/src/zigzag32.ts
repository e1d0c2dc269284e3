import { EncodeError } from './errors.ts';
import { type Cursor, readUvarint, uvarintSize, writeUvarint } from './unsigned.ts';

/** Zigzag-encodes an int32 into the unsigned value a varint carries. */
export function zigzag32(value: number): number {
  return ((value << 1) ^ (value >> 31)) >>> 0;
}

/** Bytes a zigzag varint of the int32 `value` takes. */
export function varintSize(value: number): number {
  return uvarintSize(zigzag32(value));
}

/** Writes a zigzag varint (Kafka `varint`, an int32) at `pos`; returns the position after it. */
export function writeVarint(buf: Uint8Array, pos: number, value: number): number {
  if (!(value >= -0x80000000 && value <= 0x7fffffff && Number.isInteger(value))) {
    throw new EncodeError('LK_VARINT_RANGE', `varint (int32) out of range: ${value}`);
  }
  // Small non-negative values are the common case (lengths, deltas): one byte, no loop.
  if (value >= 0 && value < 0x40) {
    buf[pos] = value << 1;
    return pos + 1;
  }
  return writeUvarint(buf, pos, zigzag32(value));
}

/** Reads a zigzag varint (Kafka `varint`, an int32), at most 5 bytes, and advances the cursor. */
export function readVarint(buf: Uint8Array, cursor: Cursor, end: number = buf.length): number {
  const pos = cursor.pos;
  if (pos < end) {
    const byte = buf[pos]!;
    if (byte < 0x80) {
      cursor.pos = pos + 1;
      return (byte >>> 1) ^ -(byte & 1);
    }
  }
  const u = readUvarint(buf, cursor, end);
  return (u >>> 1) ^ -(u & 1);
}
