/**
 * @lk/batch: Kafka record batches (magic 2) — build, marshal with CRC-32C, parse, iterate,
 * compress through codec plugins — plus record sets (what Fetch returns), control records,
 * read_committed filtering and read-only legacy v0/v1 message sets.
 *
 * No runtime dependencies and no Node APIs. CRC-32C runs in WebAssembly by default (pure JS where
 * WebAssembly is unavailable); call {@link useNativeCrc32c} at startup to switch to
 * `@node-rs/crc32` when it is installed.
 *
 * @example
 * ```ts
 * import { Batch, Builder, readRecordSet } from '@lk/batch';
 * const bytes = new Builder().add({ key, value }).build().marshal(); // to Produce
 * const { records, nextOffset } = readRecordSet(fetched.records, { fetchOffset }); // from Fetch
 * ```
 * @module
 */

export type { RecordHeader } from '@lk/record';
// Re-exported so that codec plugins can throw lk errors without depending on @lk/wire.
// Codec plugins need these without depending on @lk/wire themselves.
export { concatBytes, DecodeError, EncodeError, LkError } from '@lk/wire';
export { Attributes, compressionOf } from './attributes.ts';
// Reusable encode output and async codec options (issue 4, performance).
export type { DecompressBatchOptions } from './batch.ts';
export { Batch } from './batch.ts';
export { BatchBuffer } from './batch-buffer.ts';
export { BatchRecordCursor } from './batch-cursor.ts';
export { BatchWriter, type BatchWriterOptions } from './batch-writer.ts';
export type { BuildOptions } from './builder.ts';
export { Builder, type BuilderOptions, type ProducerFields, type RecordToAdd } from './builder.ts';
export {
  asDecompressError,
  type Codec,
  CompressionType,
  type Compressor,
  DEFAULT_MAX_DECOMPRESSED_SIZE,
  DecompressError,
  type DecompressOptions,
  type Decompressor,
  decompressCorrupt,
  decompressTooLarge,
  fromZlibError,
} from './codec.ts';
export { type ControlRecord, ControlRecordType, isAbortMarker, readControlRecord } from './control.ts';
export {
  type Crc32cFunction,
  type Crc32cImplementationName,
  crc32c,
  crc32cImplementationName,
  preferNativeCrc32c,
  setCrc32cImplementation,
  useNativeCrc32c,
} from './crc32c.ts';
export { crc32cJs } from './crc32c-js.ts';
export { crc32cWasm } from './crc32c-wasm.ts';
export { DecodedRecordSet } from './decoded-record-set.ts';
export {
  BatchConfigError,
  CorruptBatchError,
  type CorruptBatchErrorCode,
  Crc32cUnavailableError,
} from './errors.ts';
export type { BatchFields } from './fields.ts';
/** Byte offsets of the v2 batch header fields, for reading a header without parsing the batch. */
export * as BatchLayout from './layout.ts';
export { crc32Ieee } from './legacy/crc32-ieee.ts';
export type { LegacyMessage } from './legacy/message.ts';
export { type ReadLegacyOptions, readLegacyEntry } from './legacy/read.ts';
export { type AbortedTransaction, ReadCommittedFilter } from './read-committed.ts';
export { type ReadRecordSetOptions, type RecordSetContents, readRecordSet } from './read-record-set.ts';
export type { BatchRecord, ReadRecordsOptions } from './read-records.ts';
export { entryMagic, splitRecordSet } from './record-set.ts';
export { RecordSetCursor } from './record-set-cursor.ts';
export { BATCH_HEADER_SIZE, recordSizeInBatch } from './record-size.ts';
export { stampBatch, stampProducer, stampProducerInPlace } from './stamp.ts';
export type { UnmarshalOptions } from './unmarshal.ts';
