// CRC-32C (Castagnoli) in pure JS, slicing-by-16: sixteen 256-entry tables fold 16 input bytes
// per step. The input is read as aligned little-endian Uint32 words (4 loads instead of 16); on a
// big-endian host, or for short inputs, the bytes are read one by one. Tables (16 KiB) are built
// on first use, so importing the package costs nothing.

const POLYNOMIAL = 0x82f63b78; // reflected Castagnoli polynomial
const SLICES = 16;
/** Below this, creating a Uint32Array view costs more than it saves. */
const WORDS_THRESHOLD = 64;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

let tables: Int32Array | undefined;

function buildTables(): Int32Array {
  const t = new Int32Array(256 * SLICES);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    t[n] = c;
  }
  // Table s maps a byte to its contribution when s more bytes follow it in the block.
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let s = 1; s < SLICES; s++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[s * 256 + n] = c;
    }
  }
  return t;
}

/**
 * The sixteen 256-entry slicing tables, table s at [256·s, 256·s + 256): built once, shared with
 * the WebAssembly implementation (which copies them into its memory).
 */
export function crc32cTables(): Int32Array {
  return (tables ??= buildTables());
}

function bytewise(t: Int32Array, crc: number, data: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; i++) crc = t[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return crc;
}

/**
 * CRC-32C of `data` in pure JS (about 2 GB/s on a current x64 core). `previous` continues an
 * earlier result: `crc32cJs(b, crc32cJs(a))` is the CRC of `a` followed by `b`.
 *
 * @example
 * ```ts
 * crc32cJs(new TextEncoder().encode('123456789')); // 0xe3069283
 * ```
 */
export function crc32cJs(data: Uint8Array, previous = 0): number {
  const t = crc32cTables();
  const n = data.length;
  let crc = ~previous;
  if (n < WORDS_THRESHOLD || !LITTLE_ENDIAN) return ~bytewise(t, crc, data, 0, n) >>> 0;
  const head = (4 - (data.byteOffset & 3)) & 3;
  crc = bytewise(t, crc, data, 0, head);
  const wordCount = ((n - head) >>> 4) << 2;
  const w = new Uint32Array(data.buffer, data.byteOffset + head, wordCount);
  for (let j = 0; j < wordCount; j += 4) {
    const a = crc ^ w[j]!;
    const b = w[j + 1]!;
    const c = w[j + 2]!;
    const d = w[j + 3]!;
    // a's lookups come last: only they depend on the previous crc, so the engine can look up b, c
    // and d ahead and the loop-carried chain is 4 lookups long, not 16 (~6% faster than a first).
    crc =
      t[2816 + (b & 0xff)]! ^
      t[2560 + ((b >>> 8) & 0xff)]! ^
      t[2304 + ((b >>> 16) & 0xff)]! ^
      t[2048 + (b >>> 24)]! ^
      t[1792 + (c & 0xff)]! ^
      t[1536 + ((c >>> 8) & 0xff)]! ^
      t[1280 + ((c >>> 16) & 0xff)]! ^
      t[1024 + (c >>> 24)]! ^
      t[768 + (d & 0xff)]! ^
      t[512 + ((d >>> 8) & 0xff)]! ^
      t[256 + ((d >>> 16) & 0xff)]! ^
      t[d >>> 24]! ^
      t[3840 + (a & 0xff)]! ^
      t[3584 + ((a >>> 8) & 0xff)]! ^
      t[3328 + ((a >>> 16) & 0xff)]! ^
      t[3072 + (a >>> 24)]!;
  }
  return ~bytewise(t, crc, data, head + wordCount * 4, n) >>> 0;
}
