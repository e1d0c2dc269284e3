// CRC-32C arithmetic over GF(2): what appending zero bytes does to a CRC, without reading them.
// Lets a batch's CRC follow a change of its header (a new producer stamp) in O(log n) instead of a
// pass over the records: for messages of equal length, crc(A'‖B) = crc(A‖B) ^ shift(crc(A) ^
// crc(A'), |B|), since the CRC is affine and the init/xorout terms cancel.

/** CRC-32C's polynomial, bit-reflected (as the table-driven CRC uses it). */
const POLY = 0x82f63b78;

/** a·b modulo the polynomial, both reflected (bit 31 is x^0). */
function multiplyModP(a: number, b: number): number {
  let product = 0;
  for (let bit = 0x80000000; bit !== 0; bit >>>= 1) {
    if ((a & bit) !== 0) product ^= b;
    b = (b & 1) !== 0 ? (b >>> 1) ^ POLY : b >>> 1;
  }
  return product >>> 0;
}

/**
 * x^(2^k) mod P for k = 0..31 (reflected), squared from x^1; made on first use (a module-level
 * computation would stay in every bundle of the package, used or not).
 */
let powers: number[] | undefined;

function xPow2k(): number[] {
  if (powers !== undefined) return powers;
  const table = new Array<number>(32);
  table[0] = 0x40000000;
  for (let k = 1; k < 32; k++) table[k] = multiplyModP(table[k - 1]!, table[k - 1]!);
  powers = table;
  return table;
}

/**
 * The raw CRC state `crc` (no init, no final xor) carried over `length` zero bytes: crc·x^(8·length)
 * mod P. `length` is a safe integer of bytes.
 */
export function crc32cShift(crc: number, length: number): number {
  // x^(8·length): the set bits of length, from x^(2^3) up.
  const table = xPow2k();
  let power = 0x80000000; // x^0
  let k = 3;
  for (let n = length; n > 0; n = Math.floor(n / 2), k++) {
    if (n % 2 === 1) power = multiplyModP(table[k % 32]!, power);
  }
  return multiplyModP(power, crc >>> 0);
}
