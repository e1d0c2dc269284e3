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
  /** Compresses `data` into the codec's framing, as Kafka stores it in a batch. */
  compress(data: Uint8Array): Uint8Array;
  /** Optional non-blocking variant, where the backing library has one. */
  compressAsync?(data: Uint8Array): Promise<Uint8Array>;
}

/** Decompresses a batch's records section. Must throw only {@link DecompressError} on bad input. */
export interface Decompressor {
  /** The Kafka compression type this codec reads. */
  readonly type: Exclude<CompressionType, 0>;
  /** Decompresses `data`, holding to `options.maxOutputSize`; throws only DecompressError. */
  decompress(data: Uint8Array, options: DecompressOptions): Uint8Array;
  /** Optional non-blocking variant of decompress, where the backing library has one. */
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
export class DecompressError extends DecodeError<
  'LK_DECOMPRESS' | 'LK_DECOMPRESS_CODEC' | 'LK_DECOMPRESS_MISSING' | 'LK_DECOMPRESS_TOO_LARGE'
> {
  static override readonly [errorKind]: string = 'DecompressError';
}

/**
 * The {@link DecompressError} for output beyond the caller's `maxOutputSize` (code
 * `LK_DECOMPRESS_TOO_LARGE`), worded the same way for every codec.
 * @param codec the codec's short name, as {@link Codec.name}.
 * @param detail what gave the size away, e.g. `'a frame declares 68719476736 bytes'`.
 * @example `throw decompressTooLarge('zstd', 1024, 'a frame declares 68719476736 bytes')`
 */
export function decompressTooLarge(codec: string, maxOutputSize: number, detail?: string): DecompressError {
  const message =
    detail === undefined
      ? `${codec} output exceeds maxOutputSize ${maxOutputSize}`
      : `${codec}: ${detail}, more than maxOutputSize ${maxOutputSize}`;
  return new DecompressError('LK_DECOMPRESS_TOO_LARGE', message);
}

/**
 * The {@link DecompressError} for corrupt or unsupported compressed data (code `LK_DECOMPRESS`).
 * `offset` is where in the compressed input the problem is; `cause` keeps a library's own error.
 * @example `throw decompressCorrupt('lz4', 'bad magic', { offset: 0 })`
 */
export function decompressCorrupt(
  codec: string,
  detail: string,
  options: { offset?: number; cause?: unknown } = {},
): DecompressError {
  return new DecompressError('LK_DECOMPRESS', `corrupt ${codec} data: ${detail}`, options.offset, {
    cause: options.cause,
  });
}

/**
 * Whatever a compression library threw, as a {@link DecompressError}: lk's own pass through
 * unchanged, anything else becomes {@link decompressCorrupt} with the original as `cause`.
 * @example `catch (error) { throw asDecompressError('snappy', error); }`
 */
export function asDecompressError(codec: string, error: unknown): DecompressError {
  if (error instanceof DecompressError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return decompressCorrupt(codec, detail, { cause: error });
}

/**
 * The {@link DecompressError} for a failure of a zlib-style decoder (Node's `node:zlib`) run with
 * `maxOutputLength`: its `ERR_BUFFER_TOO_LARGE` means the limit was hit, anything else is corrupt
 * data. `detail` words the too-large message as in {@link decompressTooLarge}.
 */
export function fromZlibError(
  codec: string,
  error: unknown,
  maxOutputSize: number,
  detail?: string,
): DecompressError {
  const tooLarge = (error as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
  return tooLarge ? decompressTooLarge(codec, maxOutputSize, detail) : asDecompressError(codec, error);
}
