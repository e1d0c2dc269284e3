import { createRequire } from 'node:module';
import {
  crc32c,
  crc32cImplementationName,
  crc32cJs,
  crc32cWasm,
  crc32Ieee,
  setCrc32cImplementation,
  useNativeCrc32c,
} from '@lk/batch';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { utf8 } from './helpers.ts';

const native = createRequire(import.meta.url)('@node-rs/crc32') as {
  crc32c: (data: Uint8Array, initial?: number) => number;
  crc32: (data: Uint8Array) => number;
};

const range = (from: number, to: number) =>
  Uint8Array.from({ length: Math.abs(to - from) + 1 }, (_, i) => (from < to ? from + i : from - i));

// RFC 3720 appendix B.4 (the CRCs are printed there as little-endian bytes).
const RFC3720: [string, Uint8Array, number][] = [
  ['32 bytes of zeros', new Uint8Array(32), 0x8a9136aa],
  ['32 bytes of 0xff', new Uint8Array(32).fill(0xff), 0x62a8ab43],
  ['32 ascending bytes', range(0, 31), 0x46dd794e],
  ['32 descending bytes', range(31, 0), 0x113fdb5c],
  [
    'an iSCSI read PDU',
    Uint8Array.from([
      0x01, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x14, 0, 0, 0, 0, 0, 0x04, 0, 0, 0, 0, 0x14, 0, 0,
      0, 0x18, 0x28, 0, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 0, 0, 0, 0,
    ]),
    0xd9963a56,
  ],
];

describe('CRC-32C', () => {
  afterEach(() => setCrc32cImplementation(null));

  for (const [name, impl] of [
    ['pure JS', crc32cJs],
    ['WebAssembly', crc32cWasm],
    ['@node-rs/crc32', (d: Uint8Array, p?: number) => native.crc32c(d, p)],
  ] as const) {
    it(`${name}: "123456789" is 0xe3069283 and the RFC 3720 vectors match`, () => {
      expect(impl(utf8('123456789'))).toBe(0xe3069283);
      for (const [, data, crc] of RFC3720) expect(impl(data) >>> 0).toBe(crc);
    });
  }

  it('JS equals native on random buffers of every alignment and length, whole and chained', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), fc.nat(7), fc.nat(300), (bytes, skip, split) => {
        const data = bytes.subarray(Math.min(skip, bytes.length));
        const expected = native.crc32c(data) >>> 0;
        expect(crc32cJs(data)).toBe(expected);
        const cut = Math.min(split, data.length);
        expect(crc32cJs(data.subarray(cut), crc32cJs(data.subarray(0, cut)))).toBe(expected);
      }),
      { numRuns: 2000 },
    );
    const big = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 2654435761) >>> 24);
    expect(crc32cJs(big.subarray(3))).toBe(native.crc32c(big.subarray(3)) >>> 0);
  });

  it('JS equals native for every start alignment (0-7) and every length up to 160', () => {
    // Covers the byte-wise path (< 64 bytes), the unaligned head, whole 16-byte steps and every tail length.
    const source = Uint8Array.from({ length: 168 }, (_, i) => (i * 2654435761) >>> 24);
    for (let offset = 0; offset < 8; offset++) {
      for (let length = 0; length <= 160; length++) {
        const data = source.subarray(offset, offset + length);
        expect(crc32cJs(data)).toBe(native.crc32c(data) >>> 0);
      }
    }
  });

  it('defaults to WebAssembly; crc32cJs forces pure JS; useNativeCrc32c switches; null restores', async () => {
    expect(crc32cImplementationName()).toBe('wasm');
    expect(setCrc32cImplementation(crc32cJs)).toBe(true);
    expect(crc32cImplementationName()).toBe('js');
    expect(crc32c(utf8('123456789'))).toBe(0xe3069283);
    expect(await useNativeCrc32c()).toBe(true);
    expect(crc32cImplementationName()).toBe('native');
    expect(crc32c(utf8('123456789'))).toBe(0xe3069283);
    expect(crc32c(range(0, 200).subarray(7))).toBe(crc32cJs(range(0, 200).subarray(7)));
    expect(setCrc32cImplementation(null)).toBe(true);
    expect(crc32cImplementationName()).toBe('wasm');
    expect(setCrc32cImplementation(crc32cWasm)).toBe(true);
    expect(crc32cImplementationName()).toBe('wasm');
  });

  it('refuses an implementation that gets the check value wrong', () => {
    expect(setCrc32cImplementation(() => 0)).toBe(false);
    expect(
      setCrc32cImplementation(() => {
        throw new Error('boom');
      }),
    ).toBe(false);
    expect(crc32cImplementationName()).toBe('wasm');
    expect(setCrc32cImplementation((d, p) => crc32cJs(d, p))).toBe(true);
    expect(crc32cImplementationName()).toBe('custom');
  });
});

describe('CRC-32 (IEEE) for legacy messages', () => {
  it('has the check value 0xcbf43926', () => {
    expect(crc32Ieee(utf8('123456789'))).toBe(0xcbf43926);
    const data = range(0, 255);
    expect(crc32Ieee(data)).toBe(native.crc32(data) >>> 0);
  });
});
