// snappy-java's ("xerial") stream framing, the one Kafka's Java client writes and reads:
// a 16-byte header, then chunks of [int32 BE length][raw snappy block]. No trailer, no checksum.
import { decompressCorrupt } from '@lk/batch';

/** The first 8 header bytes: 0x82 "SNAPPY" 0x00. */
export const XERIAL_MAGIC: Uint8Array = Uint8Array.of(0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00);

/** Input bytes per chunk, as snappy-java's `SnappyOutputStream` (32 KiB). */
export const XERIAL_CHUNK_SIZE = 32 * 1024;

const HEADER_SIZE = 16;

/** The header Java writes: magic, version 1, minimum compatible version 1. */
const HEADER = Uint8Array.of(...XERIAL_MAGIC, 0, 0, 0, 1, 0, 0, 0, 1);

function hasMagicAt(data: Uint8Array, at: number): boolean {
  if (data.length - at < XERIAL_MAGIC.length) return false;
  for (let i = 0; i < XERIAL_MAGIC.length; i++) if (data[at + i] !== XERIAL_MAGIC[i]) return false;
  return true;
}

/**
 * Whether `data` is xerial-framed, by Java's rule: at least 16 bytes that start with the magic.
 * Anything else is one raw snappy block.
 * @example `isXerial(snappy().compress(data)) // true`
 */
export function isXerial(data: Uint8Array): boolean {
  return data.length >= HEADER_SIZE && hasMagicAt(data, 0);
}

/**
 * Frames raw snappy blocks: the header, then each block behind its int32 BE length.
 * @example `writeXerial([compressRawBlock(first32KiB), compressRawBlock(rest)])`
 */
export function writeXerial(blocks: readonly Uint8Array[]): Uint8Array {
  let size = HEADER_SIZE;
  for (const block of blocks) size += 4 + block.length;
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(HEADER);
  let at = HEADER_SIZE;
  for (const block of blocks) {
    view.setInt32(at, block.length);
    out.set(block, at + 4);
    at += 4 + block.length;
  }
  return out;
}

/**
 * Splits xerial-framed data into its raw snappy blocks (views, no copies), following Java's
 * `SnappyInputStream`: a 16-byte header found where a chunk length is expected is skipped
 * (concatenated streams), fewer than 4 trailing bytes end the stream, versions are not checked.
 * @throws {DecompressError} `LK_DECOMPRESS` on a negative chunk length or a chunk cut short.
 */
export function readXerial(data: Uint8Array): Uint8Array[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const blocks: Uint8Array[] = [];
  let at = HEADER_SIZE;
  while (data.length - at >= 4) {
    if (hasMagicAt(data, at)) {
      at += HEADER_SIZE;
      continue;
    }
    const length = view.getInt32(at);
    if (length < 0) throw decompressCorrupt('snappy', `negative chunk length ${length}`, { offset: at });
    if (length > data.length - at - 4)
      throw decompressCorrupt('snappy', `chunk of ${length} bytes cut short`, { offset: at });
    blocks.push(data.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return blocks;
}
