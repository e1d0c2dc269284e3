import {
  type Codec,
  CompressionType,
  concatBytes,
  type DecompressOptions,
  decompressCorrupt,
  decompressTooLarge,
  LkError,
} from '@lk/batch';
import type { ZstdBackend } from './backend.ts';
import { readFrames, type ZstdFrame } from './frames.ts';
import { hasNodeZstd, nodeBackend } from './node-backend.ts';
import { wasmBackend } from './wasm-backend.ts';

/** Options of {@link zstd}. */
export interface ZstdOptions {
  /**
   * Compression level, on the scale of Kafka's `compression.zstd.level`: -131072 (fastest) to 22
   * (smallest); 0 means zstd's default. Default 3, as Kafka.
   */
  level?: number;
}

const MIN_LEVEL = -131072;
const MAX_LEVEL = 22;

// Chosen without top-level await, so `require('@lk/compress-zstd')` works where Node can require ESM.
const backend: ZstdBackend = hasNodeZstd ? nodeBackend() : wasmBackend();

/** The zstd implementation this process uses: `'node:zlib'` (Node 22.15+) or `'wasm'` (older Node). */
export const zstdBackend: string = backend.name;

/**
 * Creates the zstd codec. Compression writes one standard frame (RFC 8878, no dictionary).
 * Decompression reads any number of concatenated frames, with or without a content size (Java
 * and librdkafka stream-compress and leave it out), decoding each with a streaming decoder that
 * stops at `maxOutputSize`; a frame that declares more than that, or more than its blocks can
 * decode to (a raw or RLE block its size, a compressed one 128 KiB), is refused before decoding.
 *
 * On Node 22.15+ it runs on `node:zlib` and has async variants (libuv threadpool); on older Node
 * (20) it runs on WebAssembly, synchronously only.
 *
 * @example
 * ```ts
 * const codec = zstd({ level: 3 });
 * const packed = codec.compress(records);
 * const plain = codec.decompress(packed, { maxOutputSize: DEFAULT_MAX_DECOMPRESSED_SIZE });
 * ```
 * @throws {LkError} code `LK_CODEC_LEVEL` when `level` is not an integer from -131072 to 22.
 */
export function zstd(options: ZstdOptions = {}): Codec {
  return zstdWith(backend, options.level ?? 3);
}

/** The codec on a given backend; {@link zstd} picks the backend. Exported for tests. */
export function zstdWith(impl: ZstdBackend, level: number): Codec {
  if (!Number.isInteger(level) || level < MIN_LEVEL || level > MAX_LEVEL) {
    throw new LkError(
      'LK_CODEC_LEVEL',
      `zstd level must be an integer from ${MIN_LEVEL} to ${MAX_LEVEL}, got ${level}`,
    );
  }
  const codec: Codec = {
    name: 'zstd',
    type: CompressionType.zstd,
    compress: (data) => impl.compress(data, level),
    decompress(data, options) {
      const output = new Output(options);
      for (const frame of readFrames(data))
        output.push(impl.decompressFrame(frame.bytes, output.budget(frame)));
      return output.finish();
    },
  };
  const { compressAsync, decompressFrameAsync } = impl;
  if (compressAsync) codec.compressAsync = (data) => compressAsync(data, level);
  if (decompressFrameAsync) {
    codec.decompressAsync = async (data, options) => {
      const output = new Output(options);
      for (const frame of readFrames(data))
        output.push(await decompressFrameAsync(frame.bytes, output.budget(frame)));
      return output.finish();
    };
  }
  return codec;
}

/** Collects decoded frames and hands each frame what is left of the output limit. */
class Output {
  readonly #parts: Uint8Array[] = [];
  #size = 0;
  readonly #max: number;

  constructor({ maxOutputSize }: DecompressOptions) {
    this.#max = maxOutputSize;
  }

  /**
   * The bytes the next frame may produce: what is left of the limit, and no more than its blocks
   * can decode to. Refuses a frame that declares more than is left, or than its blocks can hold:
   * before the decoder reserves a window of the declared size.
   */
  budget(frame: ZstdFrame): number {
    const left = this.#max - this.#size;
    const { contentSize, maxContentSize } = frame;
    if (contentSize !== undefined && contentSize > left) {
      throw decompressTooLarge('zstd', this.#max, `a frame declares ${contentSize} bytes`);
    }
    if (contentSize !== undefined && contentSize > maxContentSize) {
      throw decompressCorrupt(
        'zstd',
        `frame content size ${contentSize} more than its blocks can decode to (${maxContentSize})`,
      );
    }
    return Math.min(left, maxContentSize);
  }

  push(part: Uint8Array): void {
    this.#parts.push(part);
    this.#size += part.length;
  }

  finish(): Uint8Array {
    return concatBytes(this.#parts, this.#size);
  }
}
