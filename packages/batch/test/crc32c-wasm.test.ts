// The WebAssembly CRC-32C against the pure JS and the native one, its chunking, its fallback to JS
// where WebAssembly is missing or refused, and the generated module against its generator.
import { createRequire } from 'node:module';
import { crc32cJs, crc32cWasm } from '@lk/batch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { crc32cModuleFile } from '../scripts/generate/emit-crc32c-module.ts';
import { CRC32C_WASM_INPUT_CAPACITY as CHUNK } from '../src/generated/crc32c-wasm.ts';

const native = createRequire(import.meta.url)('@node-rs/crc32') as {
  crc32c: (data: Uint8Array, initial?: number) => number;
};

/** Deterministic pseudo-random bytes (Knuth's multiplicative hash, top byte). */
const bytes = (length: number, seed = 0): Uint8Array =>
  Uint8Array.from({ length }, (_, i) => ((i + seed) * 2654435761) >>> 24);

/** All three agree on `data`, whole and split at `cut` (chained through `previous`). */
function expectAgreement(data: Uint8Array, cut = data.length >>> 1): void {
  const expected = native.crc32c(data) >>> 0;
  expect(crc32cWasm(data)).toBe(expected);
  expect(crc32cJs(data)).toBe(expected);
  expect(crc32cWasm(data.subarray(cut), crc32cWasm(data.subarray(0, cut)))).toBe(expected);
}

describe('CRC-32C in WebAssembly', () => {
  it('equals JS and native for every start alignment (0-7) and every length up to 300', () => {
    // Below and above the JS cut-over, every tail length after whole 16-byte blocks.
    const source = bytes(308);
    for (let offset = 0; offset < 8; offset++) {
      for (let length = 0; length <= 300; length++) {
        const data = source.subarray(offset, offset + length);
        const expected = native.crc32c(data) >>> 0;
        expect(crc32cWasm(data)).toBe(expected);
        expect(crc32cJs(data)).toBe(expected);
      }
    }
  });

  it('is right across chunk boundaries: 64 KiB ± 1, exactly several chunks, and between', () => {
    const source = bytes(3 * CHUNK + 64, 7);
    for (const length of [
      CHUNK - 1,
      CHUNK,
      CHUNK + 1,
      2 * CHUNK,
      2 * CHUNK + 1,
      3 * CHUNK - 1,
      3 * CHUNK + 17,
    ])
      for (const offset of [0, 3]) expectAgreement(source.subarray(offset, offset + length), CHUNK + 5);
  });

  it('is right on 1 MiB of random bytes, whole and chained at odd cuts', () => {
    const data = new Uint8Array(1 << 20);
    // getRandomValues fills at most 64 KiB per call.
    for (let i = 0; i < data.length; i += 65536) crypto.getRandomValues(data.subarray(i, i + 65536));
    for (const cut of [0, 1, 15, 16, 65535, 65537, 500_001, data.length]) expectAgreement(data, cut);
    expectAgreement(data.subarray(5));
  });

  it('chains incrementally over many small pieces', () => {
    const data = bytes(10_000, 3);
    let crc = 0;
    for (let from = 0, size = 1; from < data.length; from += size, size = (size * 7 + 3) % 200)
      crc = crc32cWasm(data.subarray(from, from + size), crc);
    expect(crc).toBe(native.crc32c(data) >>> 0);
  });
});

describe('CRC-32C fallback where WebAssembly cannot run', () => {
  // Each case loads a fresh copy of the package, so the remembered verdict starts unset.
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });
  const data = bytes(1000);
  const expected = crc32cJs(data);

  it('uses pure JS when there is no WebAssembly, and refuses to force crc32cWasm', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', undefined);
    const lk = await import('@lk/batch');
    expect(lk.crc32cImplementationName()).toBe('js');
    expect(lk.crc32c(data)).toBe(expected);
    expect(lk.setCrc32cImplementation(lk.crc32cWasm)).toBe(false);
    expect(lk.crc32cImplementationName()).toBe('js');
    expect(() => lk.crc32cWasm(data)).toThrow(lk.Crc32cUnavailableError);
    expect(() => lk.crc32cWasm(data)).toThrow(expect.objectContaining({ code: 'LK_CRC32C_UNAVAILABLE' }));
  });

  it('uses pure JS when compiling is refused (CSP, Workers), and never compiles again', async () => {
    vi.resetModules();
    // What V8 throws under a CSP without 'wasm-unsafe-eval'; Instance is never reached.
    const refusal = new Error('WebAssembly.Module(): Wasm code generation disallowed by embedder');
    let compiles = 0;
    vi.stubGlobal('WebAssembly', {
      Module: function Module() {
        compiles++;
        throw refusal;
      },
    });
    const lk = await import('@lk/batch');
    expect(lk.crc32c(data)).toBe(expected);
    expect(lk.crc32cImplementationName()).toBe('js');
    expect(lk.setCrc32cImplementation(null)).toBe(true);
    expect(lk.crc32cImplementationName()).toBe('js');
    let error: unknown;
    try {
      lk.crc32cWasm(data);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(lk.Crc32cUnavailableError);
    expect((error as Error).cause).toBe(refusal);
    expect(compiles).toBe(1);
  });
});

describe('the generated WebAssembly module', () => {
  it('is what scripts/generate produces today (run `pnpm generate` in packages/batch)', async () => {
    const { readFile } = await import('node:fs/promises');
    const committed = await readFile(new URL('../src/generated/crc32c-wasm.ts', import.meta.url), 'utf8');
    expect(committed).toBe(crc32cModuleFile());
  });
});
