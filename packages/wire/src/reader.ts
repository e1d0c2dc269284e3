import { DecodeError, readUvarint, readVarint, readVarlong, readVarlongNumber } from '@lk/varint';
import { readUtf8 } from './utf8.ts';
import { readUuid } from './uuid.ts';
import type { RawTaggedField } from './writer.ts';

/**
 * Reads Kafka primitives from a `Uint8Array` (any view: `byteOffset` is respected) between `pos`
 * and `end`. Every length or count is checked against the bytes remaining before anything is
 * sliced or allocated, so hostile input fails fast with a DecodeError and never makes the reader
 * allocate more than the input holds. Byte fields are zero-copy views of the input: copy them if
 * they must outlive it.
 */
export class Reader {
  readonly buf: Uint8Array;
  readonly view: DataView;
  pos: number;
  readonly end: number;

  constructor(buf: Uint8Array, start = 0, end: number = buf.length) {
    if (start < 0 || end > buf.length || start > end) {
      throw new DecodeError(
        'LK_WIRE_RANGE',
        `reader bounds [${start}, ${end}) outside a ${buf.length}-byte input`,
      );
    }
    this.buf = buf;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws unless `n` more bytes are available. */
  need(n: number): void {
    if (n > this.end - this.pos) {
      throw new DecodeError(
        'LK_WIRE_TRUNCATED',
        `needed ${n} bytes, ${this.end - this.pos} remain`,
        this.pos,
      );
    }
  }

  /** Throws unless every byte was consumed: a message with trailing bytes is malformed. */
  expectEnd(what = 'message'): void {
    if (this.pos !== this.end) {
      throw new DecodeError(
        'LK_WIRE_TRAILING',
        `${this.end - this.pos} unread bytes after ${what}`,
        this.pos,
      );
    }
  }

  /** A signed byte. */
  int8(): number {
    this.need(1);
    return this.view.getInt8(this.pos++);
  }

  /** A big-endian signed 16-bit integer. */
  int16(): number {
    this.need(2);
    const value = this.view.getInt16(this.pos);
    this.pos += 2;
    return value;
  }

  /** A big-endian unsigned 16-bit integer. */
  uint16(): number {
    this.need(2);
    const value = this.view.getUint16(this.pos);
    this.pos += 2;
    return value;
  }

  /** A big-endian signed 32-bit integer. */
  int32(): number {
    this.need(4);
    const value = this.view.getInt32(this.pos);
    this.pos += 4;
    return value;
  }

  /** A big-endian unsigned 32-bit integer. */
  uint32(): number {
    this.need(4);
    const value = this.view.getUint32(this.pos);
    this.pos += 4;
    return value;
  }

  /** A big-endian signed 64-bit integer, exact as a bigint. */
  int64(): bigint {
    this.need(8);
    const value = this.view.getBigInt64(this.pos);
    this.pos += 8;
    return value;
  }

  /** A big-endian IEEE 754 double. */
  float64(): number {
    this.need(8);
    const value = this.view.getFloat64(this.pos);
    this.pos += 8;
    return value;
  }

  /** Any non-zero byte is true, as in Kafka's Java reader. */
  bool(): boolean {
    this.need(1);
    return this.buf[this.pos++] !== 0;
  }

  /** A uuid in Kafka's base64url form. */
  uuid(): string {
    this.need(16);
    const value = readUuid(this.buf, this.pos);
    this.pos += 16;
    return value;
  }

  /** An unsigned varint (LEB128) of up to 32 bits. */
  uvarint(): number {
    return readUvarint(this.buf, this, this.end);
  }

  /** A zig-zag signed varint of up to 32 bits. */
  varint(): number {
    return readVarint(this.buf, this, this.end);
  }

  /** A zig-zag signed varlong of up to 64 bits, exact as a bigint. */
  varlong(): bigint {
    return readVarlong(this.buf, this, this.end);
  }

  /** A varlong as a number; values beyond ±(2^53-1) are a DecodeError. */
  varlongNumber(): number {
    return readVarlongNumber(this.buf, this, this.end);
  }

  /** `n` raw bytes as a zero-copy view. */
  raw(n: number): Uint8Array {
    if (n < 0) throw new DecodeError('LK_WIRE_LENGTH', `negative length ${n}`, this.pos);
    this.need(n);
    const value = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return value;
  }

  /** Skips `n` bytes; fewer remaining is a DecodeError. */
  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** A reader over the next `n` bytes, which this reader skips. */
  sub(n: number): Reader {
    this.need(n);
    const sub = new Reader(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return sub;
  }

  /** An int16-length string; null (-1) is a DecodeError. */
  string(): string {
    const value = this.nullableString();
    if (value === null) throw new DecodeError('LK_WIRE_NULL', 'null in a non-nullable string', this.pos - 2);
    return value;
  }

  /** An int16-length string; length -1 is null. */
  nullableString(): string | null {
    const length = this.int16();
    if (length === -1) return null;
    return this.utf8(length);
  }

  /** A uvarint-length (plus one) string; null (0) is a DecodeError. */
  compactString(): string {
    const value = this.compactNullableString();
    if (value === null) throw new DecodeError('LK_WIRE_NULL', 'null in a non-nullable string', this.pos - 1);
    return value;
  }

  /** A uvarint-length (plus one) string; length 0 is null. */
  compactNullableString(): string | null {
    const length = this.uvarint() - 1;
    if (length === -1) return null;
    return this.utf8(length);
  }

  /** An int32-length byte string as a zero-copy view; null (-1) is a DecodeError. */
  bytes(): Uint8Array {
    const value = this.nullableBytes();
    if (value === null) throw new DecodeError('LK_WIRE_NULL', 'null in non-nullable bytes', this.pos - 4);
    return value;
  }

  /** An int32-length byte string as a zero-copy view; length -1 is null. */
  nullableBytes(): Uint8Array | null {
    const length = this.int32();
    if (length === -1) return null;
    return this.raw(length);
  }

  /** A uvarint-length (plus one) byte string as a zero-copy view; null (0) is a DecodeError. */
  compactBytes(): Uint8Array {
    const value = this.compactNullableBytes();
    if (value === null) throw new DecodeError('LK_WIRE_NULL', 'null in non-nullable bytes', this.pos - 1);
    return value;
  }

  /** A uvarint-length (plus one) byte string as a zero-copy view; length 0 is null. */
  compactNullableBytes(): Uint8Array | null {
    const length = this.uvarint() - 1;
    if (length === -1) return null;
    return this.raw(length);
  }

  /**
   * An int32 array count; -1 (null) is returned as -1. The count is checked against the bytes
   * remaining (each element takes at least `minElementSize` bytes, and at least one), so a
   * hostile count can neither allocate nor loop beyond the input.
   */
  arrayLength(minElementSize = 1): number {
    const at = this.pos;
    const count = this.int32();
    if (count === -1) return -1;
    this.checkCount(count, minElementSize, at);
    return count;
  }

  /** An unsigned varint count+1 (flexible versions); null (0) is returned as -1. */
  compactArrayLength(minElementSize = 1): number {
    const at = this.pos;
    const count = this.uvarint() - 1;
    if (count === -1) return -1;
    this.checkCount(count, minElementSize, at);
    return count;
  }

  /** A tagged-field section: each field's tag and a zero-copy view of its value. */
  taggedFields(): RawTaggedField[] {
    const at = this.pos;
    const count = this.uvarint();
    if (count === 0) return [];
    // Each field takes at least two bytes (tag and size).
    if (count * 2 > this.remaining) {
      throw new DecodeError(
        'LK_WIRE_COUNT',
        `${count} tagged fields cannot fit in ${this.remaining} bytes`,
        at,
      );
    }
    const fields: RawTaggedField[] = [];
    for (let i = 0; i < count; i++) {
      const tag = this.uvarint();
      const size = this.uvarint();
      fields.push({ tag, data: this.raw(size) });
    }
    return fields;
  }

  private checkCount(count: number, minElementSize: number, at: number): void {
    if (count < 0 || count * Math.max(1, minElementSize) > this.end - this.pos) {
      throw new DecodeError(
        'LK_WIRE_COUNT',
        `array count ${count} cannot fit in the ${this.end - this.pos} bytes remaining`,
        at,
      );
    }
  }

  private utf8(length: number): string {
    if (length < 0) throw new DecodeError('LK_WIRE_LENGTH', `negative string length ${length}`, this.pos);
    this.need(length);
    const value = readUtf8(this.buf, this.pos, this.pos + length);
    this.pos += length;
    return value;
  }
}
