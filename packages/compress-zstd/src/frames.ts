// Walks zstd frames (RFC 8878 §3.1) without decoding them: where each frame ends, what its header
// declares. lk decodes frame by frame so that concatenated frames work on every backend and each
// frame's declared sizes are checked before its decoder allocates anything.
import { type DecompressError, decompressCorrupt } from '@lk/batch';

const corrupt = (detail: string, offset: number): DecompressError =>
  decompressCorrupt('zstd', detail, { offset });

/**
 * The largest window accepted: 128 MiB (window log 27), libzstd's default `windowLogMax` for
 * decoding, so also what Java (zstd-jni) and librdkafka accept.
 */
export const MAX_WINDOW_SIZE = 2 ** 27;

const FRAME_MAGIC = 0xfd2fb528;
const SKIPPABLE_MAGIC = 0x184d2a50; // 0x184D2A50 to 0x184D2A5F
const MAX_BLOCK_SIZE = 128 * 1024;

/** One zstd frame in the input. */
export interface ZstdFrame {
  /** The frame's bytes (a view into the input), magic to checksum. */
  bytes: Uint8Array;
  /** The frame content size, when the header records it. Streaming writers such as Java leave it out. */
  contentSize: number | undefined;
  /** The window the decoder needs. */
  windowSize: number;
  /**
   * The most its blocks can decode to (RFC 8878 §3.1.1.2): a raw or RLE block its size field, a
   * compressed block at most Block_Maximum_Size (128 KiB). The codec refuses a declared content
   * size beyond it and caps the decoder's output at it.
   */
  maxContentSize: number;
}

/**
 * Splits `data` into its zstd frames, skipping skippable frames. Checks the frame headers (no
 * dictionary, reserved bit clear, a window descriptor of at most {@link MAX_WINDOW_SIZE}) and the block headers
 * (type, size, truncation); the block contents are left to the decoder.
 * @example `readFrames(concat(frameA, frameB)).length // 2`
 * @throws {DecompressError} `LK_DECOMPRESS` on anything malformed, or when there is no frame at all.
 */
export function readFrames(data: Uint8Array): ZstdFrame[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const need = (at: number, n: number, what: string) => {
    if (data.length - at < n) throw corrupt(`truncated ${what}`, at);
  };
  const frames: ZstdFrame[] = [];
  let at = 0;
  while (at < data.length) {
    need(at, 4, 'magic');
    const magic = view.getUint32(at, true);
    if ((magic & 0xfffffff0) === SKIPPABLE_MAGIC) {
      need(at + 4, 4, 'skippable frame size');
      const size = view.getUint32(at + 4, true);
      need(at + 8, size, 'skippable frame');
      at += 8 + size;
      continue;
    }
    if (magic !== FRAME_MAGIC) throw corrupt(`bad magic 0x${magic.toString(16)}`, at);
    const start = at;
    need(at + 4, 1, 'frame header');
    const fhd = data[at + 4]!;
    const singleSegment = (fhd & 0x20) !== 0;
    if (fhd & 0x08) throw corrupt('reserved bit set in the frame header', at + 4);
    if (fhd & 0x03) throw corrupt('dictionary id present (Kafka uses no dictionary)', at + 4);
    const fcsSize = [singleSegment ? 1 : 0, 2, 4, 8][fhd >> 6]!;
    at += 5;
    let windowSize = 0;
    if (!singleSegment) {
      need(at, 1, 'window descriptor');
      const wd = data[at]!;
      const base = 2 ** (10 + (wd >> 3));
      windowSize = base + (base / 8) * (wd & 0x07);
      at += 1;
    }
    need(at, fcsSize, 'frame content size');
    let contentSize: number | undefined;
    if (fcsSize === 1) contentSize = data[at]!;
    else if (fcsSize === 2) contentSize = view.getUint16(at, true) + 256;
    else if (fcsSize === 4) contentSize = view.getUint32(at, true);
    else if (fcsSize === 8) contentSize = Number(view.getBigUint64(at, true));
    at += fcsSize;
    // A single-segment frame's window is its content size, which the caller checks against its limit.
    if (singleSegment) windowSize = contentSize!;
    else if (windowSize > MAX_WINDOW_SIZE)
      throw corrupt(`window of ${windowSize} bytes, over ${MAX_WINDOW_SIZE}`, start);
    const blocks = skipBlocks(data, at, need);
    at = blocks.end;
    if (fhd & 0x04) {
      need(at, 4, 'content checksum');
      at += 4;
    }
    frames.push({
      bytes: data.subarray(start, at),
      contentSize,
      windowSize,
      maxContentSize: blocks.maxContentSize,
    });
  }
  if (frames.length === 0) throw corrupt('no frame', 0);
  return frames;
}

/** Steps over the blocks of one frame: the offset after the last block, and the most they decode to. */
function skipBlocks(
  data: Uint8Array,
  at: number,
  need: (at: number, n: number, what: string) => void,
): { end: number; maxContentSize: number } {
  let maxContentSize = 0;
  for (;;) {
    need(at, 3, 'block header');
    const header = data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16);
    const type = (header >> 1) & 0x03;
    const size = header >>> 3;
    if (type === 3) throw corrupt('reserved block type', at);
    if (size > MAX_BLOCK_SIZE) throw corrupt(`block of ${size} bytes, over ${MAX_BLOCK_SIZE}`, at);
    const stored = type === 1 ? 1 : size; // an RLE block stores one byte
    need(at + 3, stored, 'block');
    at += 3 + stored;
    maxContentSize += type === 2 ? MAX_BLOCK_SIZE : size; // raw and RLE: size is the output
    if (header & 1) return { end: at, maxContentSize };
  }
}
