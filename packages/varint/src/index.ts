/**
 * @lk/varint: the variable-length integers of the Kafka protocol.
 *
 * - Unsigned varints (LEB128, up to 2^32-1) carry compact lengths and tagged fields in flexible
 *   protocol versions.
 * - Zigzag `varint` (int32, as number) and `varlong` (int64, as bigint, with a number fast path)
 *   carry every length and delta inside record batches.
 *
 * Pure functions over `Uint8Array`; no dependencies, no Node APIs. Decoders advance a {@link Cursor}
 * and throw only {@link DecodeError}: for truncated input, and for encodings longer than 5 (varint)
 * or 10 (varlong) bytes.
 *
 * @example
 * ```ts
 * import { writeVarint, readVarint } from '@lk/varint';
 * const buf = new Uint8Array(5);
 * const end = writeVarint(buf, 0, -300);
 * const cursor = { pos: 0 };
 * readVarint(buf, cursor, end); // -300, cursor.pos === end
 * ```
 * @module
 */
export {
  DecodeError,
  type DecodeErrorCode,
  EncodeError,
  type EncodeErrorCode,
  errorKind,
  LkError,
} from './errors.ts';
export { type Cursor, readUvarint, uvarintSize, writeUvarint } from './unsigned.ts';
export { readVarint, varintSize, writeVarint, zigzag32 } from './zigzag32.ts';
export {
  readVarlong,
  readVarlongNumber,
  varlongNumberSize,
  varlongSize,
  writeVarlong,
  writeVarlongNumber,
} from './zigzag64.ts';
