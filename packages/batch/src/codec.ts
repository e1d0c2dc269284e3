import { DecodeError, errorKind } from '@lk/wire';

/** Kafka's compression type ids: the low three bits of a batch's attributes. */
export const CompressionType = {
  none: 0,
  gzip: 1,
  snappy: 2,
  lz4: 3,
  zstd: 4,
} as const;
export type CompressionType = (typeof CompressionType)[keyof typeof CompressionType];

/** Decompressed output larger than this is refused unless the caller raises it: 64 MiB. */
export const DEFAULT_MAX_DECOMPRESSED_SIZE = 64 * 1024 * 1024;

/** Limits a decompressor must enforce. */
export interface DecompressOptions {
  /** Output beyond this many bytes is a {@link DecompressError} (code `LK_DECOMPRESS_TOO_LARGE`). */
  maxOutputSize: number;
}

/** Compresses a batch's records section. */
export interface Compressor {
  /** The Kafka compression type this codec writes (1 gzip, 2 snappy, 3 lz4, 4 zstd). */
  readonly type: Exclude<CompressionType, 0>;
  compress(data: Uint8Array): Uint8Array;
  /** Optional non-blocking variant, where the backing library has one. */
  compressAsync?(data: Uint8Array): Promise<Uint8Array>;
}

/** Decompresses a batch's records section. Must throw only {@link DecompressError} on bad input. */
export interface Decompressor {
  readonly type: Exclude<CompressionType, 0>;
  decompress(data: Uint8Array, options: DecompressOptions): Uint8Array;
  decompressAsync?(data: Uint8Array, options: DecompressOptions): Promise<Uint8Array>;
}

/**
 * A compression codec plugin: what `@lk/compress-gzip`, `-snappy`, `-lz4` and `-zstd` export, and
 * what users implement to bring their own.
 */
export interface Codec extends Compressor, Decompressor {
  /** A short name for messages and metrics: 'gzip', 'snappy', 'lz4', 'zstd'. */
  readonly name: string;
}

/** Corrupt compressed data, or output beyond the configured maximum (a compression bomb). */
export class DecompressError extends DecodeError {
  static override readonly [errorKind]: string = 'DecompressError';
}
