// Offline checks of record sets a real broker served (captured by capture.ts): exact contents,
// and fast-check mutations that may only ever raise lk's typed errors.
import { type BatchRecord, CorruptBatchError, type Decompressor, LkError, readRecordSet } from '@lk/batch';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstBatchCompression } from './broker-io.ts';
import { readHexFixture } from './hex-fixture.ts';
import { codecLines, type TextRecord, toTextRecord } from './interop-records.ts';

/** Where a v2 batch's CRC-32C coverage starts (the attributes). */
const CRC_START = 21;
/** How many CRC-covered bytes get every bit flipped: all of a small batch, bounded for time. */
const FLIPPED_BYTES = 512;

/**
 * Asserts a record set decodes to exactly `expected` (offsets from 0; key, value and headers), with
 * every CRC verified. Returns the records, for the caller to check timestamps it knows.
 */
export function expectRecordSet(
  raw: Uint8Array,
  expected: readonly TextRecord[],
  decompressors: readonly Decompressor[] = [],
): BatchRecord[] {
  const { records, nextOffset } = readRecordSet(raw, { decompressors });
  expect(records.map(toTextRecord)).toEqual(
    expected.map(({ key, value, headers }) => ({ key, value, headers })),
  );
  expect(records.map((r) => r.offset)).toEqual(expected.map((_, i) => BigInt(i)));
  expect(nextOffset).toBe(BigInt(expected.length));
  return records;
}

/** The console producers stamp CreateTime from their clock: only its plausibility can be checked. */
export function expectClockTimestamps(records: readonly BatchRecord[]): void {
  for (const r of records) expect(r.timestamp).toBeGreaterThan(Date.UTC(2024, 0, 1));
}

/**
 * Fuzzes a captured record set: every single-bit flip in the first {@link FLIPPED_BYTES} CRC-covered
 * bytes of the first batch is caught by the CRC; random mutations, decoded with the CRC check off so they reach the record
 * (and codec) parsers, raise nothing but {@link LkError}s.
 */
export function describeRecordSetFuzz(
  name: string,
  raw: Uint8Array,
  decompressors: readonly Decompressor[] = [],
) {
  describe(`${name}: mutations`, () => {
    it('detects every single-bit flip in the CRC-covered bytes of the first batch', () => {
      const batchEnd = 12 + new DataView(raw.buffer, raw.byteOffset).getInt32(8);
      for (let at = CRC_START; at < Math.min(batchEnd, CRC_START + FLIPPED_BYTES); at++) {
        for (let bit = 0; bit < 8; bit++) {
          const bytes = Uint8Array.from(raw);
          bytes[at]! ^= 1 << bit;
          expect(() => readRecordSet(bytes, { decompressors })).toThrow(CorruptBatchError);
        }
      }
    });

    it('raises only LkError on random mutations with the CRC check off (fast-check)', () => {
      const mutation = fc.record({
        at: fc.nat(),
        value: fc.integer({ min: 0, max: 255 }),
        cut: fc.boolean(),
      });
      fc.assert(
        fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
          let bytes = Uint8Array.from(raw);
          for (const m of ms) {
            const at = CRC_START + (m.at % (bytes.length - CRC_START || 1));
            if (m.cut) bytes = bytes.subarray(0, at);
            else bytes[at] = m.value;
          }
          try {
            readRecordSet(bytes, { decompressors, verifyCrc: false, maxDecompressedSize: 1024 * 1024 });
          } catch (error) {
            if (!(error instanceof LkError)) throw error;
          }
        }),
        { numRuns: 1000 },
      );
    });
  });
}

/**
 * The offline half of a codec's broker interop: the batches kcat and the Java producer compressed
 * with `codec`, as the broker served them (`<dir>/kcat.hex`, `<dir>/java.hex`), decode exactly.
 */
export function describeBrokerFixtures(codec: Decompressor & { name: string }, dir: URL): void {
  describe(`${codec.name} batches captured from a broker`, () => {
    for (const who of ['kcat', 'java']) {
      const raw = readHexFixture(new URL(`${who}.hex`, dir));
      it(`decodes the ${who}-compressed batches exactly`, () => {
        expect(firstBatchCompression(raw)).toBe(codec.type);
        expectClockTimestamps(expectRecordSet(raw, codecLines(who), [codec]));
      });
      describeRecordSetFuzz(`${codec.name} from ${who}`, raw, [codec]);
    }
  });
}
