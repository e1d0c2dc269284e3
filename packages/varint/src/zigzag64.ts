import { DecodeError, EncodeError } from './errors.ts';
import { type Cursor, truncated } from './unsigned.ts';
import { varintSize, writeVarint } from './zigzag32.ts';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Bytes a zigzag varlong of the int64 `value` takes. */
export function varlongSize(value: bigint): number {
  let u = value >= 0n ? value << 1n : (-value << 1n) - 1n;
  let size = 1;
  while (u >= 0x80n) {
    u >>= 7n;
    size++;
  }
  return size;
}

/** Bytes a zigzag varlong of the safe integer `value` takes (the number fast path). */
export function varlongNumberSize(value: number): number {
  if (value >= -0x80000000 && value <= 0x7fffffff) return varintSize(value);
  let u = value >= 0 ? value * 2 : -value * 2 - 1;
  let size = 1;
  while (u >= 0x80) {
    u = Math.floor(u / 0x80);
    size++;
  }
  return size;
}

/** Writes a zigzag varlong (Kafka `varlong`, an int64) at `pos`; returns the position after it. */
export function writeVarlong(buf: Uint8Array, pos: number, value: bigint): number {
  if (value < INT64_MIN || value > INT64_MAX) {
    throw new EncodeError('LK_VARINT_RANGE', `varlong (int64) out of range: ${value}`);
  }
  if (value > -0x10000000000000n && value < 0x10000000000000n)
    return writeVarlongNumber(buf, pos, Number(value));
  let u = value >= 0n ? value << 1n : (-value << 1n) - 1n;
  while (u >= 0x80n) {
    buf[pos++] = Number(u & 0x7fn) | 0x80;
    u >>= 7n;
  }
  buf[pos++] = Number(u);
  return pos;
}

/**
 * Writes a zigzag varlong from a safe integer (|value| ≤ 2^53-1) without BigInt: the hot path for
 * timestamps and deltas.
 */
export function writeVarlongNumber(buf: Uint8Array, pos: number, value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw new EncodeError('LK_VARINT_RANGE', `varlong number must be a safe integer: ${value}`);
  }
  // An int32 has the same zigzag encoding as a varint: take its integer path.
  if (value >= -0x80000000 && value <= 0x7fffffff) return writeVarint(buf, pos, value);
  // Zigzag of |value| ≥ 2^52 exceeds 2^53, where doubles lose odd numbers: take the exact path.
  if (value <= -0x10000000000000 || value >= 0x10000000000000) return writeVarlong(buf, pos, BigInt(value));
  // Below 2^53 doubles are exact, so divide instead of shifting.
  let u = value >= 0 ? value * 2 : -value * 2 - 1;
  while (u >= 0x80) {
    buf[pos++] = (u % 0x80) | 0x80;
    u = Math.floor(u / 0x80);
  }
  buf[pos++] = u;
  return pos;
}

/** Reads a zigzag varlong (Kafka `varlong`, an int64) as a bigint, at most 10 bytes. */
export function readVarlong(buf: Uint8Array, cursor: Cursor, end: number = buf.length): bigint {
  const start = cursor.pos;
  // Read the low 28 bits as a number; most varlongs end there.
  let pos = start;
  let low = 0;
  let shift = 0;
  let byte = 0;
  for (; shift < 28; shift += 7) {
    if (pos >= end) throw truncated(pos);
    byte = buf[pos++]!;
    low |= (byte & 0x7f) << shift;
    if (byte < 0x80) {
      cursor.pos = pos;
      return BigInt((low >>> 1) ^ -(low & 1));
    }
  }
  let u = BigInt(low);
  for (let big = 28n; ; big += 7n) {
    if (pos >= end) throw truncated(pos);
    byte = buf[pos++]!;
    if (big === 63n) {
      // The tenth byte may carry only the top bit of a uint64 and must end the varlong.
      if (byte > 0x01)
        throw new DecodeError('LK_VARINT_OVERLONG', 'varlong longer than 10 bytes or above 2^64-1', pos - 1);
      u |= BigInt(byte) << big;
      break;
    }
    u |= BigInt(byte & 0x7f) << big;
    if (byte < 0x80) break;
  }
  cursor.pos = pos;
  return (u >> 1n) ^ -(u & 1n);
}

/**
 * Reads a zigzag varlong as a number: the fast path for timestamps and deltas. Values outside the
 * safe integer range (|v| > 2^53-1) are refused with a DecodeError rather than rounded.
 */
export function readVarlongNumber(buf: Uint8Array, cursor: Cursor, end: number = buf.length): number {
  let pos = cursor.pos;
  if (pos < end) {
    const first = buf[pos]!;
    if (first < 0x80) {
      cursor.pos = pos + 1;
      return (first >>> 1) ^ -(first & 1);
    }
  }
  // Accumulate up to 8 bytes (56 bits) with double arithmetic; exact while u < 2^53.
  let u = 0;
  let scale = 1;
  for (let i = 0; i < 8; i++) {
    if (pos >= end) throw truncated(pos);
    const byte = buf[pos++]!;
    u += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      if (u >= 2 ** 53) break;
      cursor.pos = pos;
      return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
    }
    scale *= 0x80;
  }
  // Large or non-minimal encodings: decode exactly, then accept only safe integers.
  const at = cursor.pos;
  const exact = readVarlong(buf, cursor, end);
  if (exact >= -0x1fffffffffffffn && exact <= 0x1fffffffffffffn) return Number(exact);
  cursor.pos = at;
  throw new DecodeError('LK_VARINT_UNSAFE', `varlong ${exact} is outside the safe integer range`, at);
}
