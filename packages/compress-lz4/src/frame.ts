// The LZ4 frame format (lz4_Frame_format.md) as Kafka uses it: framing only; the blocks inside
// are compressed and decompressed by lz4-napi.
import { type DecompressError, decompressCorrupt } from '@lk/batch';

const corrupt = (detail: string, offset: number): DecompressError =>
  decompressCorrupt('lz4', detail, { offset });

/** Input bytes per block: 64 KiB, as Java's `Lz4BlockOutputStream` (BD byte 0x40). */
export const BLOCK_SIZE = 64 * 1024;

/**
 * The frame header lk writes, the same as Java's: magic `04 22 4D 18`, FLG `0x60` (version 01,
 * independent blocks, no checksums, no content size), BD `0x40` (64 KiB), HC `0x82`
 * (`xxHash32(60 40) >> 8 & 0xff`).
 */
export const FRAME_HEADER: Uint8Array = Uint8Array.of(0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82);

const MAGIC = 0x184d2204;
const FLG_VERSION_MASK = 0xc0;
const FLG_VERSION_01 = 0x40;
const FLG_INDEPENDENT = 0x20;
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_CONTENT_SIZE = 0x08;
const FLG_CONTENT_CHECKSUM = 0x04;
const FLG_RESERVED_AND_DICT = 0x03;
const BLOCK_RAW = 0x80000000;

/** One block of a frame: LZ4-compressed data, or the plain bytes when `raw` (size high bit set). */
export interface FrameBlock {
  data: Uint8Array;
  raw: boolean;
}

/** A parsed frame: what the descriptor says and the blocks (views into the input). */
export interface LZ4Frame {
  /** The most plain bytes one block may hold: 64 KiB, 256 KiB, 1 MiB or 4 MiB. */
  blockMaxSize: number;
  /** The content size when the frame records it. */
  contentSize: number | undefined;
  blocks: FrameBlock[];
}

/**
 * Writes a frame around blocks: {@link FRAME_HEADER}, each block behind its uint32 LE size (high
 * bit for raw blocks), then the end mark. The blocks must hold at most {@link BLOCK_SIZE} plain bytes.
 * @example `writeFrame([{ data: compressedBlock, raw: false }])`
 */
export function writeFrame(blocks: readonly FrameBlock[]): Uint8Array {
  let size = FRAME_HEADER.length + 4;
  for (const block of blocks) size += 4 + block.data.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(FRAME_HEADER);
  let at = FRAME_HEADER.length;
  for (const { data, raw } of blocks) {
    view.setUint32(at, (raw ? BLOCK_RAW : 0) | data.length, true);
    out.set(data, at + 4);
    at += 4 + data.length;
  }
  view.setUint32(at, 0, true);
  return out;
}

/**
 * Parses one frame by the rules of Java's `Lz4BlockInputStream`: version 01, independent blocks,
 * no dictionary, block size code 4-7; content size and checksums may be present and are skipped
 * (the batch's CRC-32C covers these bytes); bytes after the end mark are ignored. The header
 * checksum (HC) byte is not verified.
 * @throws {DecompressError} `LK_DECOMPRESS` on anything else, such as linked blocks or truncation.
 */
export function readFrame(data: Uint8Array): LZ4Frame {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const need = (at: number, n: number, what: string) => {
    if (data.length - at < n) throw corrupt(`truncated ${what}`, at);
  };
  need(0, 7, 'frame header');
  if (view.getUint32(0, true) !== MAGIC) throw corrupt('bad magic', 0);
  const flg = data[4]!;
  const bd = data[5]!;
  if ((flg & FLG_VERSION_MASK) !== FLG_VERSION_01)
    throw corrupt(`unsupported version in FLG 0x${hex(flg)}`, 4);
  if ((flg & FLG_INDEPENDENT) === 0)
    throw corrupt('linked blocks (Kafka accepts independent blocks only)', 4);
  if ((flg & FLG_RESERVED_AND_DICT) !== 0)
    throw corrupt(`reserved or dictionary bits in FLG 0x${hex(flg)}`, 4);
  const sizeCode = (bd >> 4) & 0x07;
  if ((bd & 0x8f) !== 0 || sizeCode < 4) throw corrupt(`bad BD byte 0x${hex(bd)}`, 5);
  let at = 6;
  let contentSize: number | undefined;
  if (flg & FLG_CONTENT_SIZE) {
    need(at, 9, 'content size');
    contentSize = Number(view.getBigUint64(at, true));
    at += 8;
  }
  at += 1; // HC
  const blockMaxSize = 1 << (2 * sizeCode + 8);
  const checksumSize = flg & FLG_BLOCK_CHECKSUM ? 4 : 0;
  const blocks: FrameBlock[] = [];
  for (;;) {
    need(at, 4, 'block size');
    const word = view.getUint32(at, true);
    at += 4;
    if (word === 0) break;
    const size = word & ~BLOCK_RAW;
    if (size > blockMaxSize)
      throw corrupt(`block of ${size} bytes, more than the ${blockMaxSize} allowed`, at - 4);
    need(at, size + checksumSize, 'block');
    blocks.push({ data: data.subarray(at, at + size), raw: word >= BLOCK_RAW });
    at += size + checksumSize;
  }
  if (flg & FLG_CONTENT_CHECKSUM) need(at, 4, 'content checksum');
  return { blockMaxSize, contentSize, blocks };
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
