import {
  asDecompressError,
  type Codec,
  CompressionType,
  concatBytes,
  type DecompressOptions,
  decompressTooLarge,
} from '@lk/batch';
import { compress, compressSync, uncompress, uncompressSync } from 'snappy';
import { checkExpansion, declaredLength } from './raw-length.ts';
import { isXerial, readXerial, writeXerial, XERIAL_CHUNK_SIZE } from './xerial.ts';

/**
 * Creates the snappy codec, on the napi-rs `snappy` package (Rust `snap`, prebuilt binaries).
 *
 * - Compression writes xerial framing with 32 KiB input chunks, byte for byte the layout of Java's
 *   `SnappyOutputStream`; Java, librdkafka and franz-go all read it.
 * - Decompression reads xerial framing and raw blocks (what librdkafka writes). Every block's
 *   declared length is added up and checked against `maxOutputSize`, and against what the block's
 *   bytes can expand to (at most 64/3 per byte), before anything is decoded or allocated.
 * - Snappy has no levels.
 *
 * @example
 * ```ts
 * const codec = snappy();
 * const packed = await codec.compressAsync(records); // off the main thread
 * const plain = codec.decompress(packed, { maxOutputSize: DEFAULT_MAX_DECOMPRESSED_SIZE });
 * ```
 */
export function snappy(): Codec {
  return {
    name: 'snappy',
    type: CompressionType.snappy,
    compress: (data) => writeXerial(chunks(data).map((chunk) => compressSync(chunk))),
    compressAsync: async (data) =>
      writeXerial(await Promise.all(chunks(data).map((chunk) => compress(chunk)))),
    decompress(data, options) {
      const blocks = plannedBlocks(data, options);
      return concatBytes(blocks.map(decodeBlock));
    },
    async decompressAsync(data, options) {
      const blocks = plannedBlocks(data, options);
      const decoded = blocks.map((block) =>
        uncompress(block).catch((error: unknown) => {
          throw asDecompressError('snappy', error);
        }),
      );
      return concatBytes((await Promise.all(decoded)) as Uint8Array[]);
    },
  };
}

/** `data` in slices of at most {@link XERIAL_CHUNK_SIZE} bytes (none for empty input, as Java). */
function chunks(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += XERIAL_CHUNK_SIZE)
    out.push(data.subarray(at, at + XERIAL_CHUNK_SIZE));
  return out;
}

/** The raw blocks to decode, once their declared lengths are known to fit the limit. */
function plannedBlocks(data: Uint8Array, { maxOutputSize }: DecompressOptions): Uint8Array[] {
  const blocks = isXerial(data) ? readXerial(data) : [data];
  const declared = blocks.map(declaredLength);
  let total = 0;
  for (const length of declared) total += length;
  if (total > maxOutputSize)
    throw decompressTooLarge('snappy', maxOutputSize, `the data declares ${total} bytes`);
  for (const [i, block] of blocks.entries()) checkExpansion(block, declared[i]!);
  return blocks;
}

/** Decodes one raw block; the library's errors become {@link DecompressError}s. */
function decodeBlock(block: Uint8Array): Uint8Array {
  try {
    return uncompressSync(block) as Uint8Array;
  } catch (error) {
    throw asDecompressError('snappy', error);
  }
}
