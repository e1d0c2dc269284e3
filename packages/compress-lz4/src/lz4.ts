import {
  asDecompressError,
  type Codec,
  CompressionType,
  concatBytes,
  type DecompressOptions,
  decompressCorrupt,
  decompressTooLarge,
} from '@lk/batch';
import { compress, compressSync, uncompress, uncompressSync } from 'lz4-napi';
import { BLOCK_SIZE, type FrameBlock, type LZ4Frame, readFrame, writeFrame } from './frame.ts';

/** lz4-napi's block API puts the plain size in front as a uint32 LE. */
const SIZE_PREFIX = 4;

/**
 * The most bytes an LZ4 block can produce per byte it takes (lz4_Block_format.md): literals
 * produce what they hold, and a match grows by at most 255 per length byte; its token, offset and
 * first 19 bytes of length come from 3 bytes. So `n` compressed bytes decode to at most `255 n`.
 */
export const MAX_EXPANSION = 255;

/**
 * Creates the LZ4 codec, on `lz4-napi` (Rust `lz4_flex`, prebuilt binaries) for the blocks and
 * lk's own frame code around them.
 *
 * - Compression: independent blocks of 64 KiB of input, each stored raw when LZ4 does not shrink
 *   it, in a frame byte-compatible with Java's (`04 22 4D 18 60 40 82`). lz4_flex has a single
 *   (fast) compression level, so there is no `level` option.
 * - Decompression: any frame Java's reader accepts; blocks are decoded one by one and output past
 *   `maxOutputSize` (or a declared content size past it) stops the decode. A declared content
 *   size the blocks cannot produce (at most 255 bytes per compressed byte) is refused before
 *   decoding, and each block decodes into at most what its own size allows, not the frame's
 *   block maximum (up to 4 MiB).
 *
 * @example
 * ```ts
 * const codec = lz4();
 * const packed = await codec.compressAsync(records); // blocks compressed off the main thread
 * const plain = codec.decompress(packed, { maxOutputSize: DEFAULT_MAX_DECOMPRESSED_SIZE });
 * ```
 */
export function lz4(): Codec {
  return {
    name: 'lz4',
    type: CompressionType.lz4,
    compress: (data) =>
      writeFrame(slices(data).map((slice) => toBlock(slice, compressSync(asBuffer(slice))))),
    async compressAsync(data) {
      const blocks = slices(data).map(async (slice) => toBlock(slice, await compress(slice)));
      return writeFrame(await Promise.all(blocks));
    },
    decompress(data, options) {
      const frame = planned(data, options);
      const output = new Output(options, frame.contentSize);
      for (const block of frame.blocks) {
        output.push(block.raw ? block.data : decodeBlock(block, capacity(block, frame)));
      }
      return output.finish();
    },
    async decompressAsync(data, options) {
      const frame = planned(data, options);
      const output = new Output(options, frame.contentSize);
      // One block at a time, so a bomb never has more than one block in flight.
      for (const block of frame.blocks) {
        output.push(
          block.raw
            ? block.data
            : await uncompress(prefixed(block, capacity(block, frame))).catch((error: unknown) => {
                throw asDecompressError('lz4', error);
              }),
        );
      }
      return output.finish();
    },
  };
}

function slices(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += BLOCK_SIZE) out.push(data.subarray(at, at + BLOCK_SIZE));
  return out;
}

/** lz4-napi's sync API takes Buffers only; this views the same memory. */
function asBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** Drops lz4-napi's size prefix; keeps the plain bytes instead when LZ4 did not shrink them (as Java). */
function toBlock(plain: Uint8Array, prefixedBlock: Uint8Array): FrameBlock {
  const data = prefixedBlock.subarray(SIZE_PREFIX);
  return data.length < plain.length ? { data, raw: false } : { data: plain, raw: true };
}

/** The block behind a size prefix of the frame's block maximum: the decoder's output capacity. */
function prefixed(block: FrameBlock, capacity: number): Buffer {
  const out = Buffer.allocUnsafe(SIZE_PREFIX + block.data.length);
  out.writeUInt32LE(capacity, 0);
  out.set(block.data, SIZE_PREFIX);
  return out;
}

/** The most plain bytes `block` can hold: its decoder's output capacity. */
function capacity(block: FrameBlock, frame: LZ4Frame): number {
  return block.raw ? block.data.length : Math.min(frame.blockMaxSize, block.data.length * MAX_EXPANSION);
}

function planned(data: Uint8Array, { maxOutputSize }: DecompressOptions): LZ4Frame {
  const frame = readFrame(data);
  const declared = frame.contentSize;
  if (declared !== undefined && declared > maxOutputSize) {
    throw decompressTooLarge('lz4', maxOutputSize, `the frame declares ${declared} bytes`);
  }
  if (declared !== undefined) {
    let most = 0;
    for (const block of frame.blocks) most += capacity(block, frame);
    if (declared > most) {
      throw decompressCorrupt(
        'lz4',
        `the blocks cannot decode to the ${declared} bytes declared (at most ${most})`,
      );
    }
  }
  return frame;
}

/** Decodes one compressed block; lz4-napi's errors become {@link DecompressError}s. */
function decodeBlock(block: FrameBlock, capacity: number): Uint8Array {
  try {
    return uncompressSync(prefixed(block, capacity));
  } catch (error) {
    throw asDecompressError('lz4', error);
  }
}

/** Collects decoded blocks, enforcing the output limit and the declared content size. */
class Output {
  readonly #parts: Uint8Array[] = [];
  #size = 0;
  readonly #max: number;
  readonly #declared: number | undefined;

  constructor({ maxOutputSize }: DecompressOptions, declared: number | undefined) {
    this.#max = maxOutputSize;
    this.#declared = declared;
  }

  push(part: Uint8Array): void {
    this.#size += part.length;
    if (this.#size > this.#max)
      throw decompressTooLarge('lz4', this.#max, 'the blocks expand past the limit');
    this.#parts.push(part);
  }

  finish(): Uint8Array {
    if (this.#declared !== undefined && this.#declared !== this.#size) {
      throw decompressCorrupt('lz4', `content size ${this.#declared} declared, ${this.#size} decoded`);
    }
    return concatBytes(this.#parts, this.#size);
  }
}
