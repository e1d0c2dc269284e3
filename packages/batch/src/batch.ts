import { EncodeError } from '@lk/wire';
import { Attributes, compressionOf, withCompression } from './attributes.ts';
import { BatchRecordCursor } from './batch-cursor.ts';
import {
  CompressionType,
  type Compressor,
  DEFAULT_MAX_DECOMPRESSED_SIZE,
  type Decompressor,
} from './codec.ts';
import { crc32c } from './crc32c.ts';
import { decompressRecords, decompressRecordsAsync } from './decompress.ts';
import { BatchConfigError } from './errors.ts';
import { type BatchFields, writeHeader } from './fields.ts';
import * as L from './layout.ts';
import { type BatchRecord, type ReadRecordsOptions, readRecords } from './read-records.ts';
import { parseBatch, type UnmarshalOptions } from './unmarshal.ts';

/** Options for {@link Batch.decompress} and {@link Batch.decompressAsync}. */
export interface DecompressBatchOptions {
  /** Refuse decompressed output larger than this many bytes (default 64 MiB). */
  maxOutputSize?: number;
}

/**
 * A Kafka record batch, magic 2: every header field, and the records section as stored (plain
 * or compressed). Immutable; `compress`/`decompress` return new batches.
 *
 * Make one with {@link Builder}, from fields with `new Batch(fields)`, or from bytes with
 * {@link Batch.unmarshal}. Int64 fields are bigints; timestamps are numbers of ms (exact within
 * ±2^53, refused beyond).
 *
 * @example
 * ```ts
 * const batch = Batch.unmarshal(bytes); // verifies the CRC-32C
 * for (const cursor = batch.cursor(); cursor.next(); ) console.log(cursor.offset(), cursor.value());
 * ```
 */
export class Batch implements BatchFields {
  readonly baseOffset: bigint;
  readonly partitionLeaderEpoch: number;
  readonly attributes: number;
  readonly lastOffsetDelta: number;
  readonly baseTimestamp: number;
  readonly maxTimestamp: number;
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly recordsCount: number;
  readonly records: Uint8Array;
  /** Always 2. */
  readonly magic = L.CURRENT_MAGIC;
  #frame: Uint8Array | undefined;

  /** A batch from fields; nothing is encoded until {@link marshal}, which validates the ranges. */
  constructor(fields: BatchFields) {
    this.baseOffset = fields.baseOffset;
    this.partitionLeaderEpoch = fields.partitionLeaderEpoch;
    this.attributes = fields.attributes;
    this.lastOffsetDelta = fields.lastOffsetDelta;
    this.baseTimestamp = fields.baseTimestamp;
    this.maxTimestamp = fields.maxTimestamp;
    this.producerId = fields.producerId;
    this.producerEpoch = fields.producerEpoch;
    this.baseSequence = fields.baseSequence;
    this.recordsCount = fields.recordsCount;
    this.records = fields.records;
  }

  /**
   * Parses one v2 batch: `bytes` must be exactly the batch (a record set is split with
   * {@link splitRecordSet} first). The CRC-32C is verified unless `verifyCrc: false`. Fields are
   * read at once; records are parsed lazily. The batch keeps views of `bytes`.
   * Throws {@link CorruptBatchError} for bad length, magic, CRC or counts.
   */
  static unmarshal(bytes: Uint8Array, options: UnmarshalOptions = {}): Batch {
    const batch = new Batch(parseBatch(bytes, options));
    batch.#frame = bytes;
    return batch;
  }

  /** Bytes after the batchLength field: the whole batch is batchLength + 12 bytes. */
  get batchLength(): number {
    return L.HEADER_SIZE - L.LOG_OVERHEAD + this.records.length;
  }

  /** The CRC-32C of bytes [21, end), as stored (unmarshal) or as {@link marshal} writes it. */
  get crc(): number {
    const frame = this.marshal();
    return new DataView(frame.buffer, frame.byteOffset + L.CRC, 4).getUint32(0);
  }

  /** The {@link CompressionType} id of the records section. */
  get compression(): number {
    return compressionOf(this.attributes);
  }

  get isTransactional(): boolean {
    return (this.attributes & Attributes.transactional) !== 0;
  }

  get isControl(): boolean {
    return (this.attributes & Attributes.control) !== 0;
  }

  /** True when record timestamps are the broker's append time (`maxTimestamp`). */
  get isLogAppendTime(): boolean {
    return (this.attributes & Attributes.logAppendTime) !== 0;
  }

  /** Offset of the last record slot: baseOffset + lastOffsetDelta (from the header, even if compaction removed it). */
  get lastOffset(): bigint {
    return this.baseOffset + BigInt(this.lastOffsetDelta);
  }

  /** Where the next fetch continues: lastOffset + 1 (RECORD_FORMAT §8.4). */
  get nextOffset(): bigint {
    return this.lastOffset + 1n;
  }

  /**
   * The marshaled batch with its CRC-32C. Encoded once and cached; for an unmarshaled batch these
   * are the input bytes. Shares memory with the batch: do not modify.
   */
  marshal(): Uint8Array {
    if (this.#frame !== undefined) return this.#frame;
    const frame = new Uint8Array(L.HEADER_SIZE + this.records.length);
    frame.set(this.records, L.HEADER_SIZE);
    sealFrame(frame, this);
    this.#frame = frame;
    return frame;
  }

  /**
   * A lazy, zero-copy cursor over the records (exactly `recordsCount` of them). The batch must be
   * uncompressed: {@link decompress} first.
   */
  cursor(): BatchRecordCursor {
    return new BatchRecordCursor(this);
  }

  /**
   * Decodes every record with absolute offsets and timestamps (LogAppendTime honoured); records
   * below `fromOffset` are skipped. Keys, values and header values are views of the batch.
   */
  readRecords(options: ReadRecordsOptions = {}): BatchRecord[] {
    return readRecords(this, options);
  }

  /** A copy compressed with `compressor`; the batch must be uncompressed. */
  compress(compressor: Compressor): Batch {
    this.#assertUncompressed();
    checkCompressor(compressor);
    return this.#withRecords(compressor.type, compressor.compress(this.records));
  }

  /**
   * {@link compress} through the codec's `compressAsync` (off the event loop where its library
   * allows, as `@lk/compress-gzip` does with zlib's thread pool), or its synchronous `compress`
   * when it has none. The records are read while the promise is pending: a batch built into a
   * `BatchBuffer` must not be rebuilt over until it resolves.
   *
   * @example
   * ```ts
   * const packed = await builder.build().compressAsync(gzip());
   * send(packed.marshal());
   * ```
   */
  async compressAsync(compressor: Compressor): Promise<Batch> {
    this.#assertUncompressed();
    checkCompressor(compressor);
    const records =
      compressor.compressAsync === undefined
        ? compressor.compress(this.records)
        : await compressor.compressAsync(this.records);
    return this.#withRecords(compressor.type, records);
  }

  /**
   * An uncompressed copy, or this batch if it is not compressed. Output beyond `maxOutputSize`
   * (default 64 MiB) is refused as a compression bomb.
   */
  decompress(decompressor: Decompressor, options: DecompressBatchOptions = {}): Batch {
    if (this.compression === CompressionType.none) return this;
    const maxOutputSize = options.maxOutputSize ?? DEFAULT_MAX_DECOMPRESSED_SIZE;
    return this.#withRecords(CompressionType.none, decompressRecords(this, decompressor, maxOutputSize));
  }

  /**
   * {@link decompress} through the codec's `decompressAsync`, or its synchronous `decompress` when
   * it has none. The same checks and output limit apply.
   *
   * @example
   * ```ts
   * const plain = await Batch.unmarshal(bytes).decompressAsync(gzip(), { maxOutputSize: 16 << 20 });
   * ```
   */
  async decompressAsync(decompressor: Decompressor, options: DecompressBatchOptions = {}): Promise<Batch> {
    if (this.compression === CompressionType.none) return this;
    const maxOutputSize = options.maxOutputSize ?? DEFAULT_MAX_DECOMPRESSED_SIZE;
    return this.#withRecords(
      CompressionType.none,
      await decompressRecordsAsync(this, decompressor, maxOutputSize),
    );
  }

  #assertUncompressed(): void {
    if (this.compression !== CompressionType.none) {
      throw new EncodeError('LK_BATCH_COMPRESSED', `batch is already compressed (type ${this.compression})`);
    }
  }

  /** A copy of this batch with another records section, stored with compression `type`. */
  #withRecords(type: CompressionType, records: Uint8Array): Batch {
    return new Batch({ ...this.fields(), attributes: withCompression(this.attributes, type), records });
  }

  /** The plain fields, for building a modified copy: `new Batch({ ...batch.fields(), baseSequence: 7 })`. */
  fields(): BatchFields {
    return {
      baseOffset: this.baseOffset,
      partitionLeaderEpoch: this.partitionLeaderEpoch,
      attributes: this.attributes,
      lastOffsetDelta: this.lastOffsetDelta,
      baseTimestamp: this.baseTimestamp,
      maxTimestamp: this.maxTimestamp,
      producerId: this.producerId,
      producerEpoch: this.producerEpoch,
      baseSequence: this.baseSequence,
      recordsCount: this.recordsCount,
      records: this.records,
    };
  }
}

/** Refuses a compressor whose type is not one of Kafka's codecs: it would corrupt the attributes. */
function checkCompressor(compressor: Compressor): void {
  const type: number = compressor.type;
  if (!(Number.isInteger(type) && type >= CompressionType.gzip && type <= CompressionType.zstd)) {
    throw new BatchConfigError(
      'compressor.type',
      `${String(type)} is not a compression type (1 gzip, 2 snappy, 3 lz4, 4 zstd)`,
    );
  }
}

/** Writes the header of `fields` into `frame`, whose bytes [61, end) already hold the records, then the CRC. */
export function sealFrame(frame: Uint8Array, fields: BatchFields): void {
  const view = writeHeader(frame, fields);
  view.setUint32(L.CRC, crc32c(frame.subarray(L.ATTRIBUTES)));
}
