import { decompressCorrupt } from '@lk/batch';

/**
 * The most bytes a snappy element can produce per byte it takes (format_description.txt, §2):
 * a copy with a 2-byte offset is 3 bytes for up to 64 bytes of output, the densest element; a copy
 * with a 1-byte offset is 2 bytes for at most 11, one with a 4-byte offset 5 bytes for at most 64,
 * and a literal holds at least the bytes it produces. So the elements after the length varint,
 * `n` bytes of them, decode to at most `64 n / 3` bytes.
 */
export const MAX_EXPANSION = 64 / 3;

/**
 * The uncompressed length a raw snappy block declares: its leading varint (at most 5 bytes,
 * at most 2^32 - 1). Read before decoding, so a block that claims 4 GiB is refused before
 * anything is allocated.
 * @example `declaredLength(Uint8Array.of(0x80, 0x01)) // 128`
 * @throws {DecompressError} `LK_DECOMPRESS` when the varint is missing, too long or too large.
 */
export function declaredLength(block: Uint8Array): number {
  let value = 0;
  for (let i = 0; i < 5; i++) {
    const byte = block[i];
    if (byte === undefined) break;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if (byte < 0x80) {
      if (value > 0xffffffff) break;
      return value;
    }
  }
  throw decompressCorrupt('snappy', 'bad uncompressed-length varint in a raw block');
}

/**
 * Refuses a block that declares more than its elements can produce ({@link MAX_EXPANSION}), before
 * the decoder allocates the declared length: 6 bytes cannot hold 60 MiB.
 * @throws {DecompressError} `LK_DECOMPRESS` for such a block.
 */
export function checkExpansion(block: Uint8Array, declared: number): void {
  // The varint's shortest encoding: a longer one only leaves fewer element bytes.
  const elements = block.length - varintSize(declared);
  const most = Math.floor(elements * MAX_EXPANSION);
  if (declared > most) {
    throw decompressCorrupt(
      'snappy',
      `a ${block.length}-byte block cannot decode to the ${declared} bytes it declares (at most ${most})`,
    );
  }
}

function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}
