import { decompressCorrupt } from '@lk/batch';

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
