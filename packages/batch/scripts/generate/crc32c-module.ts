// The CRC-32C WebAssembly module: slicing-by-16 with plain i32 loads (no SIMD, which has no
// carry-less multiply to offer here), the same algorithm as src/crc32c-js.ts. WebAssembly wins
// over JS by skipping typed-array bounds checks, ~1.4–1.7× on x64 (3.3–3.8 GB/s here).
//
// Memory layout (one fixed 128 KiB memory, exported as "memory"):
//   [0, 16 KiB)        sixteen 256-entry Uint32 tables, written by the JS side (src/crc32c-js.ts
//                      builds them), so the module carries no data section and stays small
//   [16 KiB, 80 KiB)   the input chunk the JS side copies in before each call
//
// Export: update(crc, from, to) → crc, over memory[from, to); `crc` is the raw register (the JS
// side applies the initial and final inversions), so calls chain across chunks.
import { block, br, brIf, type Code, encodeModule, i32, local, loop } from './wasm-binary.ts';

const TABLE_BYTES = 256 * 4;
export const TABLES_OFFSET = 0;
export const INPUT_OFFSET = TABLES_OFFSET + 16 * TABLE_BYTES;
export const INPUT_CAPACITY = 64 * 1024;
const PAGE = 64 * 1024;
const MEMORY_PAGES = Math.ceil((INPUT_OFFSET + INPUT_CAPACITY) / PAGE);

// Locals: the three parameters, then the four input words of the current 16-byte block.
const CRC = 0;
const FROM = 1;
const TO = 2;
const WORDS = [3, 4, 5, 6];

/**
 * Pushes table[slice][byte `index` of local `word`]. The byte is scaled to a table offset in one
 * shift and a mask ((word >>> (8·index − 2)) & 0x3fc) rather than shift, mask, shift.
 */
function lookup(word: number, index: number, slice: number): Code[] {
  const shift = 8 * index - 2;
  const scaled = shift < 0 ? [i32.const(2), i32.shl] : [i32.const(shift), i32.shrU];
  return [
    local.get(word),
    ...scaled,
    i32.const(0x3fc),
    i32.and,
    i32.load(TABLES_OFFSET + slice * TABLE_BYTES),
  ];
}

/**
 * crc = XOR over the 16 bytes b[k] of the block (the first word XORed with crc) of
 * table[15 − k][b[k]]. The XOR chain starts with the last 12 bytes and ends with the first 4:
 * only those depend on the previous block's crc, so the CPU can look up the rest ahead and the
 * loop-carried dependency is 4 lookups long instead of 16 (the engine does not reorder XORs).
 */
function sixteenBytes(): Code[] {
  const code: Code[] = [];
  for (const [w, word] of WORDS.entries()) {
    code.push(local.get(FROM), i32.load(4 * w));
    if (w === 0) code.push(local.get(CRC), i32.xor);
    code.push(local.set(word));
  }
  const order = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3];
  for (const [n, k] of order.entries()) {
    code.push(...lookup(WORDS[k >> 2]!, k & 3, 15 - k));
    if (n > 0) code.push(i32.xor);
  }
  code.push(local.set(CRC));
  return code;
}

/** crc = table[0][(crc ^ byte) & 0xff] ^ (crc >>> 8), for the last < 16 bytes. */
function oneByte(): Code[] {
  return [
    local.get(CRC),
    local.get(FROM),
    i32.load8U(),
    i32.xor,
    i32.const(0xff),
    i32.and,
    i32.const(2),
    i32.shl,
    i32.load(TABLES_OFFSET),
    local.get(CRC),
    i32.const(8),
    i32.shrU,
    i32.xor,
    local.set(CRC),
  ];
}

const advance = (bytes: number): Code[] => [local.get(FROM), i32.const(bytes), i32.add, local.set(FROM)];

const update: Code[] = [
  // while (from + 16 <= to) { 16 bytes; from += 16 }   (br_if 1 leaves the block, br 0 loops)
  block(
    loop(
      local.get(FROM),
      i32.const(16),
      i32.add,
      local.get(TO),
      i32.gtU,
      brIf(1),
      ...sixteenBytes(),
      ...advance(16),
      br(0),
    ),
  ),
  // while (from < to) { 1 byte; from += 1 }
  block(loop(local.get(FROM), local.get(TO), i32.geU, brIf(1), ...oneByte(), ...advance(1), br(0))),
  local.get(CRC),
];

/** The module's bytes; deterministic, so regenerating must reproduce the committed copy exactly. */
export function crc32cWasmModule(): Uint8Array {
  return encodeModule({
    memoryPages: MEMORY_PAGES,
    functions: [{ exportName: 'update', params: 3, results: 1, locals: WORDS.length, body: update }],
  });
}
