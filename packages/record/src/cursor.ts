import { DecodeError, readVarint, readVarlongNumber } from '@lk/varint';
import { CorruptRecordError } from './errors.ts';
import { decodeHeaderKey } from './header-key.ts';
import type { RecordHeader } from './types.ts';

const NO_HEADERS: readonly RecordHeader[] = Object.freeze([]);

/**
 * A lazy, reusable, zero-copy reader over a run of records placed back to back, as in a v2
 * batch's records section. `next()` parses and fully validates one record but allocates nothing;
 * `key()`, `value()` and `headers()` create views into the input only when asked. The views share
 * memory with the input: copy them if they must outlive it.
 *
 * Every length is checked before use (JS `subarray` would clamp silently), each record must
 * consume exactly its length prefix, and every call to `next()` consumes at least one byte or
 * returns false, so hostile input ends in a {@link DecodeError}, never a hang.
 *
 * @example
 * ```ts
 * const cursor = new RecordCursor(bytes, 0, bytes.length);
 * while (cursor.next()) console.log(cursor.offsetDelta, cursor.value());
 * ```
 */
export class RecordCursor {
  readonly buf: Uint8Array;
  /** Position of the next record; inside `next()`, the read position. */
  pos: number;
  readonly end: number;
  /** Records still expected, or -1 when the run simply ends with the input. */
  private remainingCount: number;

  /** The current record's fields, valid after `next()` returned true. */
  attributes = 0;
  timestampDelta = 0;
  offsetDelta = 0;
  /** Length of the key, -1 for null. */
  keyLength = -1;
  /** Length of the value, -1 for null. */
  valueLength = -1;
  headerCount = 0;
  private keyStart = 0;
  private valueStart = 0;
  private headersStart = 0;

  /**
   * Reads records in `buf[start, end)`. With `count` ≥ 0, exactly that many records must fill the
   * range: fewer bytes or leftover bytes are a {@link CorruptRecordError}.
   */
  constructor(buf: Uint8Array, start = 0, end: number = buf.length, count = -1) {
    if (!(start >= 0 && start <= end && end <= buf.length)) {
      throw new DecodeError(
        'LK_RECORD_RANGE',
        `records range [${start}, ${end}) outside ${buf.length} bytes`,
      );
    }
    // Views of a Node Buffer are Buffers, built through Symbol.species at twice the cost; views
    // of a plain Uint8Array over the same memory are cheaper and of one predictable type.
    this.buf =
      buf.constructor === Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
    this.end = end;
    this.remainingCount = count;
  }

  /** Moves to the next record; false at the end of the run. */
  next(): boolean {
    if (this.remainingCount === 0) {
      if (this.pos !== this.end)
        throw corrupt(`${this.end - this.pos} bytes after the last record`, this.pos);
      return false;
    }
    if (this.pos >= this.end) {
      if (this.remainingCount > 0) throw corrupt(`${this.remainingCount} records missing`, this.pos);
      return false;
    }
    if (this.remainingCount > 0) this.remainingCount--;
    this.parse();
    return true;
  }

  private parse(): void {
    const buf = this.buf;
    const start = this.pos;
    const length = readVarint(buf, this, this.end);
    if (length <= 0 || length > this.end - this.pos) {
      throw corrupt(`record length ${length} outside the ${this.end - this.pos} bytes left`, start);
    }
    const recordEnd = this.pos + length;
    this.attributes = buf[this.pos++]!;
    this.timestampDelta = readVarlongNumber(buf, this, recordEnd);
    this.offsetDelta = readVarint(buf, this, recordEnd);
    this.keyLength = this.readLength(recordEnd, 'key');
    this.keyStart = this.pos;
    if (this.keyLength > 0) this.pos += this.keyLength;
    this.valueLength = this.readLength(recordEnd, 'value');
    this.valueStart = this.pos;
    if (this.valueLength > 0) this.pos += this.valueLength;
    const countAt = this.pos;
    const headerCount = readVarint(buf, this, recordEnd);
    // A header takes at least 2 bytes (key length and value length).
    if (headerCount < 0 || headerCount * 2 > recordEnd - this.pos) {
      throw corrupt(`header count ${headerCount} cannot fit in ${recordEnd - this.pos} bytes`, countAt);
    }
    this.headerCount = headerCount;
    this.headersStart = this.pos;
    for (let i = 0; i < headerCount; i++) {
      const keyLength = this.readLength(recordEnd, 'header key');
      if (keyLength < 0) throw corrupt('null header key', this.pos - 1);
      this.pos += keyLength;
      const valueLength = this.readLength(recordEnd, 'header value');
      if (valueLength > 0) this.pos += valueLength;
    }
    if (this.pos !== recordEnd) {
      throw corrupt(
        `record length ${length} but its fields take ${this.pos - recordEnd + length} bytes`,
        start,
      );
    }
  }

  /** A nullable length (-1 = null) that must fit in the record. */
  private readLength(recordEnd: number, what: string): number {
    const at = this.pos;
    const length = readVarint(this.buf, this, recordEnd);
    if (length < -1 || length > recordEnd - this.pos) {
      throw corrupt(`${what} length ${length} outside the ${recordEnd - this.pos} bytes left`, at);
    }
    return length;
  }

  /** The current key as a view of the input, or null. */
  key(): Uint8Array | null {
    return this.keyLength < 0 ? null : this.buf.subarray(this.keyStart, this.keyStart + this.keyLength);
  }

  /** The current value as a view of the input, or null. */
  value(): Uint8Array | null {
    return this.valueLength < 0
      ? null
      : this.buf.subarray(this.valueStart, this.valueStart + this.valueLength);
  }

  /** The current headers in wire order; values are views of the input. Already validated by `next()`. */
  headers(): readonly RecordHeader[] {
    if (this.headerCount === 0) return NO_HEADERS;
    const headers: RecordHeader[] = [];
    const at = { pos: this.headersStart };
    for (let i = 0; i < this.headerCount; i++) {
      const keyLength = readVarint(this.buf, at);
      const key = decodeHeaderKey(this.buf, at.pos, at.pos + keyLength);
      at.pos += keyLength;
      const valueLength = readVarint(this.buf, at);
      const value = valueLength < 0 ? null : this.buf.subarray(at.pos, at.pos + valueLength);
      if (valueLength > 0) at.pos += valueLength;
      headers.push({ key, value });
    }
    return headers;
  }
}

function corrupt(message: string, at: number): CorruptRecordError {
  return new CorruptRecordError('LK_RECORD_CORRUPT', message, at);
}
