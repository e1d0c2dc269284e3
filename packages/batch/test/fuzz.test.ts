import { Batch, CorruptBatchError, readRecordSet, splitRecordSet } from '@lk/batch';
import { DecodeError, LkError } from '@lk/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMIT_MARKER, GO_FIXTURE, hex, VECTOR_91 } from './helpers.ts';

// reliability-plan §5.3: decoders return a value or throw an lk error — never a TypeError or
// RangeError, never hang — and every view they return lies inside the input (nothing was sliced
// or allocated from an unchecked length).
const RUNS = 10_000;
const FIXTURES = { vector91: VECTOR_91, goKafka10: GO_FIXTURE, commitMarker: COMMIT_MARKER };

function onlyLkErrors(run: () => void): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof LkError)) throw error;
  }
}

/** Unmarshals without the CRC (to reach the parser) and reads every record, checking each view. */
function decodeAll(bytes: Uint8Array): void {
  const batch = Batch.unmarshal(bytes, { verifyCrc: false });
  if (batch.compression !== 0) return;
  const cursor = batch.cursor();
  let last = cursor.pos;
  while (cursor.next()) {
    expect(cursor.pos).toBeGreaterThan(last); // every iteration consumes input
    last = cursor.pos;
    for (const view of [cursor.key(), cursor.value(), ...cursor.headers().map((h) => h.value)]) {
      if (view === null) continue;
      expect(view.buffer).toBe(bytes.buffer);
      expect(view.byteOffset + view.length).toBeLessThanOrEqual(bytes.byteOffset + bytes.length);
    }
  }
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.nat(255) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant('int32' as const),
    at: fc.nat(),
    value: fc.constantFrom(-2, -1, 0, 1, 0x7fff, 0x7fffffff, -0x80000000, 0x48545450, 0x15030300),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(source: Uint8Array, mutations: Mutation[]): Uint8Array {
  let bytes = source.slice();
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    if (m.kind === 'set') bytes[at] = m.byte;
    else if (m.kind === 'flip') bytes[at] = bytes[at]! ^ (1 << m.bit);
    else if (m.kind === 'cut') bytes = bytes.slice(0, at);
    else if (m.kind === 'insert')
      bytes = Uint8Array.from([...bytes.subarray(0, at), ...m.bytes, ...bytes.subarray(at)]);
    else if (at + 4 <= bytes.length) new DataView(bytes.buffer).setInt32(at, m.value);
  }
  return bytes;
}

describe('fuzz (fast-check, 10,000 inputs each)', () => {
  it('unmarshal + record iteration on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => onlyLkErrors(() => decodeAll(bytes))),
      {
        numRuns: RUNS,
      },
    );
  });

  it('unmarshal + record iteration on mutated real batches', () => {
    const fixture = fc.constantFrom(...Object.values(FIXTURES));
    fc.assert(
      fc.property(fixture, fc.array(mutation, { minLength: 1, maxLength: 4 }), (source, mutations) =>
        onlyLkErrors(() => decodeAll(mutate(source, mutations))),
      ),
      { numRuns: RUNS },
    );
  });

  it('record iteration on random record sections behind a valid header', () => {
    const fields = Batch.unmarshal(VECTOR_91).fields();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.integer({ min: 0, max: 20 }), (records, count) =>
        onlyLkErrors(() => {
          const batch = new Batch({ ...fields, records, recordsCount: count });
          decodeAll(batch.marshal());
        }),
      ),
      { numRuns: RUNS },
    );
  });

  it('record-set splitting: typed errors only, views tile a prefix of the input', () => {
    const set = Uint8Array.from([...VECTOR_91, ...GO_FIXTURE, ...COMMIT_MARKER]);
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.array(mutation, { minLength: 1, maxLength: 3 }).map((m) => mutate(set, m)),
    );
    fc.assert(
      fc.property(input, (bytes) =>
        onlyLkErrors(() => {
          let at = 0;
          for (const entry of splitRecordSet(bytes)) {
            expect(entry.byteOffset).toBe(bytes.byteOffset + at);
            at += entry.length;
          }
          expect(at).toBeLessThanOrEqual(bytes.length);
          readRecordSet(bytes, { verifyCrc: false });
        }),
      ),
      { numRuns: RUNS },
    );
  });
});

describe('CRC sensitivity (exhaustive over the fixtures)', () => {
  for (const [name, fixture] of Object.entries(FIXTURES)) {
    it(`${name}: every single-bit flip in [21, end) is detected`, () => {
      let flips = 0;
      for (let at = 21; at < fixture.length; at++) {
        for (let bit = 0; bit < 8; bit++) {
          const bytes = fixture.slice();
          bytes[at] = bytes[at]! ^ (1 << bit);
          expect(() => Batch.unmarshal(bytes)).toThrow(CorruptBatchError);
          flips++;
        }
      }
      expect(flips).toBe((fixture.length - 21) * 8);
    });

    it(`${name}: a flip in [0, 21) is a typed error or changes only baseOffset or leader epoch`, () => {
      const original = Batch.unmarshal(fixture);
      for (let at = 0; at < 21; at++) {
        for (let bit = 0; bit < 8; bit++) {
          const bytes = fixture.slice();
          bytes[at] = bytes[at]! ^ (1 << bit);
          let parsed: Batch;
          try {
            parsed = Batch.unmarshal(bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(CorruptBatchError);
            continue;
          }
          expect(at < 8 || (at >= 12 && at < 16)).toBe(true);
          expect({ ...parsed.fields(), baseOffset: 0n, partitionLeaderEpoch: 0 }).toEqual({
            ...original.fields(),
            baseOffset: 0n,
            partitionLeaderEpoch: 0,
            records: parsed.records,
          });
        }
      }
    });

    it(`${name}: every truncation is a typed error`, () => {
      for (let cut = 0; cut < fixture.length; cut++) {
        expect(() => Batch.unmarshal(fixture.subarray(0, cut))).toThrow(CorruptBatchError);
        expect(splitRecordSet(fixture.subarray(0, cut))).toEqual([]);
      }
    });
  }
});

describe("regressions: the Go original's crash and hang inputs (reliability-plan §3.3)", () => {
  const fields = Batch.unmarshal(VECTOR_91).fields();
  const withRecords = (records: string, count = 1) =>
    new Batch({ ...fields, records: hex(records), recordsCount: count });

  it('batch.Unmarshal with fewer than 17 bytes', () => {
    for (let n = 0; n < 17; n++) expect(() => Batch.unmarshal(new Uint8Array(n))).toThrow(/cannot hold/);
  });

  it('Batch.Records with an unterminated varint (0x80)', () => {
    expect(() => withRecords('80 80 80 80 80 80 80', 1).readRecords()).toThrow(DecodeError);
  });

  it('Batch.Records with record length -1', () => {
    expect(() => withRecords('01 00 00 00 01 01 00', 1).readRecords()).toThrow(/record length -1/);
  });

  it('Batch.Records with a record length beyond the remainder', () => {
    expect(() => withRecords('7e 00 00 00 01 01 00', 1).readRecords()).toThrow(/record length 63 outside/);
  });

  it('RecordSet lengths -12, below -12 and near 2^31-1 (see record-set.test.ts for each)', () => {
    const set = VECTOR_91.slice();
    for (const length of [-12, -13, -0x80000000]) {
      new DataView(set.buffer).setInt32(8, length);
      expect(() => splitRecordSet(set)).toThrow(CorruptBatchError);
    }
    new DataView(set.buffer).setInt32(8, 0x7ffffff4); // + 12 would overflow an int32
    expect(splitRecordSet(set)).toEqual([]);
  });
});
