import {
  EncodeError,
  uvarintSize,
  writeUvarint,
  writeVarint,
  writeVarlong,
  writeVarlongNumber,
} from '@lk/varint';
import { allocateUninitialized } from './allocate.ts';
import { concatBytes } from './concat.ts';
import { piecesLength } from './pieces.ts';
import { utf8Length, writeUtf8 } from './utf8.ts';
import { writeUuid } from './uuid.ts';

/** A tagged field as it sits on the wire: its tag and its encoded value. */
export interface RawTaggedField {
  tag: number;
  data: Uint8Array;
}

const INT16_MAX = 0x7fff;

/**
 * Writes Kafka primitives into one growing `Uint8Array`. Capacity doubles as needed; the
 * `DataView` is rebuilt only when the buffer grows. Lengths that are known only afterwards (frame
 * size, batch length, CRC) are back-filled: `reserve()` a gap, write the rest, then `int32At()`.
 *
 * Every method returns `this`, so calls chain. Values that do not fit their wire type are refused
 * with an EncodeError rather than truncated.
 */
export class Writer {
  /** The underlying buffer; valid bytes are `[0, pos)`. Replaced when the writer grows. */
  buf: Uint8Array;
  view: DataView;
  pos = 0;
  /** Byte fields of at least this many bytes are referenced, not copied (see {@link chunks}). */
  private readonly shareFrom: number;
  /** The referenced byte fields, each with the buffer position it follows. */
  private shared: { at: number; bytes: Uint8Array }[] = [];
  private sharedBytes = 0;
  /** Byte fields other memory continues (see the constructor). */
  private readonly continuations: ReadonlyMap<Uint8Array, readonly Uint8Array[]> | null;

  /**
   * `initialCapacity`: bytes to start with (uninitialized, see {@link ensure}); grows past it as
   * needed. `shareFrom`: byte fields (`bytes`, `compactBytes`) of at least this many bytes are not
   * copied into the buffer but referenced, for {@link chunks} to hand to a socket as they are (a
   * Produce request's record batches); they must not change until those chunks are written.
   * `continuations`: byte fields that other memory continues: when a key is written as a bytes
   * field, its views follow it under the same length prefix, as if they were one array, each
   * copied or referenced like any field (a record set held in several places, a log's batches, so
   * goes out without being joined first). The map is read as it is when the field is written.
   */
  constructor(
    initialCapacity = 256,
    shareFrom = Number.POSITIVE_INFINITY,
    continuations: ReadonlyMap<Uint8Array, readonly Uint8Array[]> | null = null,
  ) {
    this.buf = allocateUninitialized(Math.max(16, initialCapacity));
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.shareFrom = shareFrom;
    this.continuations = continuations;
  }

  /** Bytes written so far, referenced byte fields included. */
  get length(): number {
    return this.pos + this.sharedBytes;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): this {
    const needed = this.pos + n;
    if (needed > this.buf.length) {
      // Uninitialized: every byte below `pos` is written (or back-filled) before it is read, and a
      // Produce request of 1 MiB grows through ~12 buffers, whose zero-filling was pure overhead.
      const grown = allocateUninitialized(Math.max(needed, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.pos));
      this.buf = grown;
      this.view = new DataView(grown.buffer, grown.byteOffset, grown.byteLength);
    }
    return this;
  }

  /**
   * The bytes written so far, as a view of the internal buffer (valid until the next write or
   * reset); referenced byte fields are copied in.
   */
  finish(): Uint8Array {
    if (this.shared.length === 0) return this.buf.subarray(0, this.pos);
    return concatBytes(this.chunks(), this.length);
  }

  /**
   * The bytes written so far as consecutive pieces: views of the internal buffer (valid until the
   * next write or reset) between the referenced byte fields, which come as they were given.
   */
  chunks(): Uint8Array[] {
    const pieces: Uint8Array[] = [];
    let from = 0;
    for (const { at, bytes } of this.shared) {
      if (at > from) pieces.push(this.buf.subarray(from, at));
      pieces.push(bytes);
      from = at;
    }
    if (this.pos > from || pieces.length === 0) pieces.push(this.buf.subarray(from, this.pos));
    return pieces;
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    const pieces = this.shared.length === 0 ? [] : this.chunks();
    // concatBytes hands a single piece back as it is: a referenced field alone is copied here.
    return pieces.length <= 1
      ? (pieces[0] ?? this.buf.subarray(0, this.pos)).slice()
      : concatBytes(pieces, this.length);
  }

  /** Forgets what was written, keeping the buffer for reuse. */
  reset(): this {
    this.pos = 0;
    this.shared = [];
    this.sharedBytes = 0;
    return this;
  }

  /** Writes `value` at `pos`, or references it when it is {@link shareFrom} bytes or more. */
  private rawBytes(value: Uint8Array): void {
    if (value.length >= this.shareFrom) {
      this.shared.push({ at: this.pos, bytes: value });
      this.sharedBytes += value.length;
      return;
    }
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** Skips `n` bytes to fill in later; returns their offset. */
  reserve(n: number): number {
    this.ensure(n);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  /** A signed byte; outside [-128, 127] is an EncodeError. */
  int8(value: number): this {
    checkInt(value, -0x80, 0x7f, 'int8');
    this.ensure(1);
    this.buf[this.pos++] = value & 0xff;
    return this;
  }

  /** A big-endian signed 16-bit integer; out of range is an EncodeError. */
  int16(value: number): this {
    checkInt(value, -0x8000, 0x7fff, 'int16');
    this.ensure(2);
    this.view.setInt16(this.pos, value);
    this.pos += 2;
    return this;
  }

  /** A big-endian unsigned 16-bit integer; out of range is an EncodeError. */
  uint16(value: number): this {
    checkInt(value, 0, 0xffff, 'uint16');
    this.ensure(2);
    this.view.setUint16(this.pos, value);
    this.pos += 2;
    return this;
  }

  /** A big-endian signed 32-bit integer; out of range is an EncodeError. */
  int32(value: number): this {
    checkInt(value, -0x80000000, 0x7fffffff, 'int32');
    this.ensure(4);
    this.view.setInt32(this.pos, value);
    this.pos += 4;
    return this;
  }

  /** A big-endian unsigned 32-bit integer; out of range is an EncodeError. */
  uint32(value: number): this {
    checkInt(value, 0, 0xffffffff, 'uint32');
    this.ensure(4);
    this.view.setUint32(this.pos, value);
    this.pos += 4;
    return this;
  }

  /** A big-endian signed 64-bit integer from a bigint; out of range is an EncodeError. */
  int64(value: bigint): this {
    if (typeof value !== 'bigint' || value < -(1n << 63n) || value >= 1n << 63n) {
      throw new EncodeError('LK_WIRE_RANGE', `int64 out of range: ${String(value)}`);
    }
    this.ensure(8);
    this.view.setBigInt64(this.pos, value);
    this.pos += 8;
    return this;
  }

  /** A big-endian IEEE 754 double. */
  float64(value: number): this {
    this.ensure(8);
    this.view.setFloat64(this.pos, value);
    this.pos += 8;
    return this;
  }

  /** One byte: 1 for true, 0 for false. */
  bool(value: boolean): this {
    this.ensure(1);
    this.buf[this.pos++] = value ? 1 : 0;
    return this;
  }

  /** A uuid in Kafka's base64url form (22 characters). */
  uuid(value: string): this {
    this.ensure(16);
    writeUuid(this.buf, this.pos, value);
    this.pos += 16;
    return this;
  }

  /** An unsigned varint (LEB128) of up to 32 bits. */
  uvarint(value: number): this {
    this.ensure(5);
    this.pos = writeUvarint(this.buf, this.pos, value);
    return this;
  }

  /** A zig-zag signed varint of up to 32 bits. */
  varint(value: number): this {
    this.ensure(5);
    this.pos = writeVarint(this.buf, this.pos, value);
    return this;
  }

  /** A zig-zag signed varlong of up to 64 bits, from a bigint. */
  varlong(value: bigint): this {
    this.ensure(10);
    this.pos = writeVarlong(this.buf, this.pos, value);
    return this;
  }

  /** A varlong from a safe integer, without BigInt. */
  varlongNumber(value: number): this {
    this.ensure(10);
    this.pos = writeVarlongNumber(this.buf, this.pos, value);
    return this;
  }

  /** Raw bytes with no length prefix. */
  raw(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
    return this;
  }

  /** A string with an int16 length prefix. */
  string(value: string): this {
    const length = utf8Length(value);
    if (length > INT16_MAX)
      throw new EncodeError('LK_WIRE_RANGE', `string of ${length} bytes exceeds int16 length`);
    this.ensure(2 + length);
    this.view.setInt16(this.pos, length);
    writeUtf8(this.buf, this.pos + 2, value, length);
    this.pos += 2 + length;
    return this;
  }

  /** A string with an int16 length prefix; null is length -1. */
  nullableString(value: string | null): this {
    if (value === null) return this.int16(-1);
    return this.string(value);
  }

  /** A string with an unsigned varint length+1 prefix (flexible versions). */
  compactString(value: string): this {
    const length = utf8Length(value);
    if (length > INT16_MAX)
      throw new EncodeError('LK_WIRE_RANGE', `string of ${length} bytes exceeds int16 length`);
    this.ensure(5 + length);
    this.pos = writeUvarint(this.buf, this.pos, length + 1);
    writeUtf8(this.buf, this.pos, value, length);
    this.pos += length;
    return this;
  }

  /** A compact string; null is length 0. */
  compactNullableString(value: string | null): this {
    if (value === null) return this.uvarint(0);
    return this.compactString(value);
  }

  /** Bytes with an int32 length prefix. */
  bytes(value: Uint8Array): this {
    const more = this.continuations?.get(value);
    const length = more === undefined ? value.length : value.length + piecesLength(more);
    this.ensure(4);
    this.view.setInt32(this.pos, length);
    this.pos += 4;
    return this.content(value, more);
  }

  /** Bytes with an int32 length prefix; null is length -1. */
  nullableBytes(value: Uint8Array | null): this {
    if (value === null) return this.int32(-1);
    return this.bytes(value);
  }

  /** Bytes with an unsigned varint length+1 prefix (flexible versions). */
  compactBytes(value: Uint8Array): this {
    const more = this.continuations?.get(value);
    const length = more === undefined ? value.length : value.length + piecesLength(more);
    this.ensure(5);
    this.pos = writeUvarint(this.buf, this.pos, length + 1);
    return this.content(value, more);
  }

  /** A byte field's value after its length, then the views that continue it (see `continuations`). */
  private content(value: Uint8Array, more: readonly Uint8Array[] | undefined): this {
    this.rawBytes(value);
    if (more !== undefined) for (const piece of more) this.rawBytes(piece);
    return this;
  }

  /** Compact bytes; null is length 0. */
  compactNullableBytes(value: Uint8Array | null): this {
    if (value === null) return this.uvarint(0);
    return this.compactBytes(value);
  }

  /** An int32 array count; `null` writes -1. */
  arrayLength(count: number | null): this {
    return this.int32(count === null ? -1 : count);
  }

  /** An unsigned varint count+1 (flexible versions); `null` writes 0. */
  compactArrayLength(count: number | null): this {
    return this.uvarint(count === null ? 0 : count + 1);
  }

  /** A tagged-field section: count, then each field (tag, size, data) in ascending tag order. */
  taggedFields(fields: readonly RawTaggedField[]): this {
    if (fields.length === 0) return this.uvarint(0);
    const sorted = fields.length === 1 ? fields : [...fields].sort((a, b) => a.tag - b.tag);
    this.uvarint(sorted.length);
    let previous = -1;
    for (const field of sorted) {
      if (field.tag === previous) throw new EncodeError('LK_WIRE_TAG', `duplicate tagged field ${field.tag}`);
      previous = field.tag;
      this.uvarint(field.tag).uvarint(field.data.length).raw(field.data);
    }
    return this;
  }

  /** Back-fills an int32 at `offset` (from `reserve`). */
  int32At(offset: number, value: number): this {
    checkInt(value, -0x80000000, 0x7fffffff, 'int32');
    this.view.setInt32(offset, value);
    return this;
  }

  /** Back-fills a uint32 at `offset` (from `reserve`). */
  uint32At(offset: number, value: number): this {
    checkInt(value, 0, 0xffffffff, 'uint32');
    this.view.setUint32(offset, value);
    return this;
  }
}

function checkInt(value: number, min: number, max: number, type: string): void {
  // The success path is a pair of comparisons; the message is built only on failure.
  if (!(value >= min && value <= max && Number.isInteger(value))) {
    throw new EncodeError('LK_WIRE_RANGE', `${type} out of range: ${value}`);
  }
}

/** Bytes an unsigned-varint-prefixed (compact) length of `length` takes; exported for size estimates. */
export const compactLengthSize = (length: number): number => uvarintSize(length + 1);
