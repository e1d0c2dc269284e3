/**
 * @lk/record: the records inside a Kafka v2 record batch.
 *
 * - Encode: {@link writeRecord} appends a record to a `Writer` from `@lk/wire`;
 *   {@link recordBodySize} and {@link writeRecordFields} are the allocation-free pair batch
 *   builders use to pre-size their output.
 * - Decode: {@link RecordCursor} walks a run of records lazily with zero-copy views;
 *   {@link decodeRecord} decodes one.
 *
 * Keys and values keep null (length -1) distinct from empty. Headers keep their order and
 * duplicates, and may have null values. Every length is validated; malformed input throws a
 * `DecodeError` ({@link CorruptRecordError} for inconsistent lengths).
 *
 * @example
 * ```ts
 * import { Writer } from '@lk/wire';
 * import { RecordCursor, writeRecord } from '@lk/record';
 * const writer = new Writer();
 * writeRecord(writer, { attributes: 0, timestampDelta: 5, offsetDelta: 1, key: null,
 *   value: new Uint8Array([1, 2]), headers: [{ key: 'h', value: null }] });
 * const cursor = new RecordCursor(writer.finish());
 * cursor.next(); // true
 * cursor.value(); // Uint8Array [1, 2], a view of the writer's buffer
 * ```
 * @module
 */
export { RecordCursor } from './cursor.ts';
export { decodeRecord } from './decode.ts';
export { writeRecord, writeRecordFields } from './encode.ts';
export { CorruptRecordError } from './errors.ts';
export { decodeHeaderKey } from './header-key.ts';
export { bytesFieldSize, headersSize, recordBodySize, recordSize } from './size.ts';
export type { KafkaRecord, RecordHeader } from './types.ts';
