/// <reference types="node" />
// The behaviour every @lk/compress-* codec must show, run by each package's codec.test.ts.
import type { Codec } from '@lk/batch';
import { DecompressError } from '@lk/batch';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonLines, ROUND_TRIP_CASES } from './sample-data.ts';

const LIMIT = { maxOutputSize: 64 * 1024 * 1024 };

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  return expect.fail('expected a throw');
}

/** Expects `fn` to throw a {@link DecompressError} with `code`. */
export async function expectDecompressError(fn: () => unknown, code: string): Promise<DecompressError> {
  const error = await thrown(fn);
  expect(error).toBeInstanceOf(DecompressError);
  expect((error as DecompressError).code).toBe(code);
  return error as DecompressError;
}

/**
 * Round trips (sync and async) at every size in {@link ROUND_TRIP_CASES}, the output limit at its
 * exact boundary, and fast-check corruption of valid frames: only {@link DecompressError} escapes.
 */
export function describeCodecContract(codec: Codec): void {
  describe(`${codec.name} codec contract`, () => {
    for (const [label, make] of ROUND_TRIP_CASES) {
      it(`round-trips ${label} (sync)`, () => {
        const data = make();
        const packed = codec.compress(data);
        expect(Buffer.from(codec.decompress(packed, LIMIT)).equals(Buffer.from(data))).toBe(true);
      });
      it(`round-trips ${label} (async)`, async () => {
        const data = make();
        const packed = await (codec.compressAsync ?? codec.compress)(data);
        expect(Buffer.from(codec.decompress(packed, LIMIT)).equals(Buffer.from(data))).toBe(true);
        const plain = await (codec.decompressAsync ?? codec.decompress)(packed, LIMIT);
        expect(Buffer.from(plain).equals(Buffer.from(data))).toBe(true);
      });
    }

    it('accepts output of exactly maxOutputSize and refuses one byte less', async () => {
      const data = jsonLines(200_000);
      const packed = codec.compress(data);
      expect(codec.decompress(packed, { maxOutputSize: data.length }).length).toBe(data.length);
      await expectDecompressError(
        () => codec.decompress(packed, { maxOutputSize: data.length - 1 }),
        'LK_DECOMPRESS_TOO_LARGE',
      );
      if (codec.decompressAsync) {
        await expectDecompressError(
          () => codec.decompressAsync!(packed, { maxOutputSize: data.length - 1 }),
          'LK_DECOMPRESS_TOO_LARGE',
        );
      }
    });

    it('throws only DecompressError on corrupted frames (fast-check)', () => {
      const frames = [jsonLines(3000), jsonLines(100_000), new Uint8Array(70_000)].map((d) =>
        codec.compress(d),
      );
      const mutation = fc.oneof(
        fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
        fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
        fc.record({
          kind: fc.constant('set' as const),
          at: fc.nat(),
          value: fc.integer({ min: 0, max: 255 }),
        }),
      );
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: frames.length - 1 }),
          fc.array(mutation, { minLength: 1, maxLength: 4 }),
          (f, ms) => {
            let bytes = Uint8Array.from(frames[f]!);
            for (const m of ms) {
              const at = m.at % Math.max(1, bytes.length);
              if (m.kind === 'truncate') bytes = bytes.subarray(0, at);
              else if (m.kind === 'flip') bytes[at]! ^= 1 << m.bit;
              else bytes[at] = m.value;
            }
            try {
              codec.decompress(bytes, { maxOutputSize: 1024 * 1024 });
            } catch (error) {
              if (!(error instanceof DecompressError)) throw error;
            }
          },
        ),
        { numRuns: 400 },
      );
    });

    it('throws only DecompressError on random bytes (fast-check)', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
          try {
            codec.decompress(bytes, { maxOutputSize: 1024 * 1024 });
          } catch (error) {
            if (!(error instanceof DecompressError)) throw error;
          }
        }),
        { numRuns: 400 },
      );
    });
  });
}
