import { EncodeError, writeVarint, writeVarlongNumber } from '@lk/varint';
import { utf8Length, type Writer, writeUtf8 } from '@lk/wire';
import { recordBodySize, recordSize } from './size.ts';
import type { KafkaRecord, RecordHeader } from './types.ts';

// Below this size a byte loop beats Uint8Array#set, whose call overhead dominates tiny copies.
const SMALL_COPY = 24;

function writeBytesField(buf: Uint8Array, pos: number, bytes: Uint8Array | null): number {
  if (bytes === null) {
    buf[pos] = 0x01; // zigzag -1: null
    return pos + 1;
  }
  const length = bytes.length;
  pos = writeVarint(buf, pos, length);
  if (length < SMALL_COPY) {
    for (let i = 0; i < length; i++) buf[pos + i] = bytes[i]!;
  } else {
    buf.set(bytes, pos);
  }
  return pos + length;
}

function writeHeaders(buf: Uint8Array, pos: number, headers: readonly RecordHeader[]): number {
  pos = writeVarint(buf, pos, headers.length);
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i]!;
    const keyLength = utf8Length(header.key);
    pos = writeVarint(buf, pos, keyLength);
    writeUtf8(buf, pos, header.key, keyLength);
    pos = writeBytesField(buf, pos + keyLength, header.value);
  }
  return pos;
}

/**
 * Writes one record at `pos` of `buf`, which must have room for `recordSize(bodySize)` bytes;
 * returns the position after it. `bodySize` must come from {@link recordBodySize} for the same
 * fields. This is the allocation-free path batch builders use; most callers want
 * {@link writeRecord}.
 */
export function writeRecordFields(
  buf: Uint8Array,
  pos: number,
  bodySize: number,
  attributes: number,
  timestampDelta: number,
  offsetDelta: number,
  key: Uint8Array | null,
  value: Uint8Array | null,
  headers: readonly RecordHeader[],
): number {
  pos = writeVarint(buf, pos, bodySize);
  buf[pos++] = attributes;
  pos = writeVarlongNumber(buf, pos, timestampDelta);
  pos = writeVarint(buf, pos, offsetDelta);
  pos = writeBytesField(buf, pos, key);
  pos = writeBytesField(buf, pos, value);
  if (headers.length === 0) {
    buf[pos++] = 0;
    return pos;
  }
  return writeHeaders(buf, pos, headers);
}

/**
 * Appends one record to a {@link Writer} (length prefix included).
 *
 * @example
 * ```ts
 * import { Writer } from '@lk/wire';
 * import { writeRecord } from '@lk/record';
 * const writer = new Writer();
 * writeRecord(writer, {
 *   attributes: 0, timestampDelta: 0, offsetDelta: 0,
 *   key: new TextEncoder().encode('k1'), value: new TextEncoder().encode('v1'), headers: [],
 * });
 * writer.finish(); // 14 00 00 00 04 6b 31 04 76 31 00
 * ```
 */
export function writeRecord(writer: Writer, record: KafkaRecord): Writer {
  const { attributes, timestampDelta, offsetDelta, key, value, headers } = record;
  if (!(attributes >= 0 && attributes <= 0xff && Number.isInteger(attributes))) {
    throw new EncodeError('LK_RECORD_ATTRIBUTES', `record attributes must be a byte: ${attributes}`);
  }
  const bodySize = recordBodySize(timestampDelta, offsetDelta, key, value, headers);
  writer.ensure(recordSize(bodySize));
  writer.pos = writeRecordFields(
    writer.buf,
    writer.pos,
    bodySize,
    attributes,
    timestampDelta,
    offsetDelta,
    key,
    value,
    headers,
  );
  return writer;
}
