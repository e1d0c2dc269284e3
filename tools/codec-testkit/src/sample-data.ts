// Payloads shared by the four codec packages' tests, benchmarks and fixture generators.

/** Deterministic pseudo-random bytes (xorshift32), incompressible for every codec. */
export function randomBytes(length: number, seed = 0x9e3779b9): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * `length` bytes of JSON lines shaped like typical Kafka values: repeated keys, varying numbers and
 * ids. Semi-compressible (gzip about 4-5×, lz4/snappy about 2-3×).
 */
export function jsonLines(length: number): Uint8Array {
  const rand = randomBytes(64 * 1024, 12345);
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < length; i++) {
    const r = (k: number) => rand[(i * 7 + k) % rand.length]!;
    const line = `${JSON.stringify({
      id: `evt-${(i * 2654435761) >>> 0}`,
      ts: 1_700_000_000_000 + i * 37,
      user: `user-${r(0) * 256 + r(1)}`,
      action: ['view', 'click', 'purchase', 'scroll'][r(2) & 3],
      price: (r(3) * 1.37).toFixed(2),
      tags: [`t${r(4) & 15}`, `t${r(5) & 15}`],
    })}\n`;
    parts.push(line);
    size += line.length;
  }
  return encoder.encode(parts.join('')).subarray(0, length);
}

/** The payload sizes every codec round-trips. */
export const ROUND_TRIP_CASES: ReadonlyArray<readonly [string, () => Uint8Array]> = [
  ['empty', () => new Uint8Array(0)],
  ['1 byte', () => Uint8Array.of(0x61)],
  ['64 KiB JSON lines', () => jsonLines(64 * 1024)],
  ['64 KiB + 1 JSON lines', () => jsonLines(64 * 1024 + 1)],
  ['1 MiB JSON lines', () => jsonLines(1024 * 1024)],
  ['1 MiB zeros', () => new Uint8Array(1024 * 1024)],
  ['1 MiB random (incompressible)', () => randomBytes(1024 * 1024)],
];
