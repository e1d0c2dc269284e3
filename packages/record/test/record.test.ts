import { CorruptRecordError, decodeRecord, type KafkaRecord, RecordCursor, writeRecord } from '@lk/record';
import { DecodeError, Writer } from '@lk/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const hex = (s: string) => Uint8Array.from(s.split(' ').map((b) => Number.parseInt(b, 16)));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
// ASCII only: the package compiles without DOM or Node typings, so no TextEncoder.
const utf8 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));

// RECORD_FORMAT.md §12: the two records of the 91-byte vector batch.
const RECORD_0 = '14 00 00 00 04 6b 31 04 76 31 00';
const RECORD_1 = '24 00 0a 02 01 0a 68 65 6c 6c 6f 04 02 68 02 78 02 6e 01';

function encode(record: KafkaRecord): Uint8Array {
  return writeRecord(new Writer(8), record).toBytes();
}

/** Record 1 of RECORD_FORMAT.md §12: a null key, a value and two headers (one null). */
const SECOND_VECTOR_RECORD: KafkaRecord = {
  attributes: 0,
  timestampDelta: 5,
  offsetDelta: 1,
  key: null,
  value: utf8('hello'),
  headers: [
    { key: 'h', value: utf8('x') },
    { key: 'n', value: null },
  ],
};
describe('writeRecord', () => {
  it('writes the §12 vector records byte for byte', () => {
    expect(
      toHex(
        encode({
          attributes: 0,
          timestampDelta: 0,
          offsetDelta: 0,
          key: utf8('k1'),
          value: utf8('v1'),
          headers: [],
        }),
      ),
    ).toBe(RECORD_0);
    expect(toHex(encode(SECOND_VECTOR_RECORD))).toBe(RECORD_1);
  });

  it('keeps an empty key distinct from a null one', () => {
    const empty = encode({
      attributes: 0,
      timestampDelta: 0,
      offsetDelta: 0,
      key: new Uint8Array(0),
      value: null,
      headers: [],
    });
    expect(toHex(empty)).toBe('0c 00 00 00 00 01 00');
    expect(decodeRecord(empty, { pos: 0 }).key).toEqual(new Uint8Array(0));
    expect(decodeRecord(empty, { pos: 0 }).value).toBeNull();
  });

  it('writes large and negative timestamp deltas exactly', () => {
    const record: KafkaRecord = {
      attributes: 0,
      timestampDelta: -1_700_000_000_000,
      offsetDelta: 2_000_000_000,
      key: null,
      value: null,
      headers: [{ key: 'ключ', value: new Uint8Array(200).fill(7) }],
    };
    expect(decodeRecord(encode(record), { pos: 0 })).toEqual(record);
  });

  it('refuses attributes that are not a byte', () => {
    expect(() =>
      encode({ attributes: 256, timestampDelta: 0, offsetDelta: 0, key: null, value: null, headers: [] }),
    ).toThrow(/byte/);
  });
});

describe('decodeRecord and RecordCursor', () => {
  it('decodes the §12 records with zero-copy views', () => {
    const bytes = hex(`${RECORD_0} ${RECORD_1}`);
    const at = { pos: 0 };
    const first = decodeRecord(bytes, at);
    expect(at.pos).toBe(11);
    expect(first.key).toEqual(utf8('k1'));
    expect(first.key!.buffer).toBe(bytes.buffer);
    const second = decodeRecord(bytes, at);
    expect(at.pos).toBe(bytes.length);
    expect(second).toEqual(SECOND_VECTOR_RECORD);
  });

  it('walks a run of records lazily and enforces an expected count', () => {
    const bytes = hex(`${RECORD_0} ${RECORD_1}`);
    const cursor = new RecordCursor(bytes, 0, bytes.length, 2);
    const deltas: number[] = [];
    while (cursor.next()) deltas.push(cursor.offsetDelta);
    expect(deltas).toEqual([0, 1]);
    expect(() => drain(new RecordCursor(bytes, 0, bytes.length, 3))).toThrow(/1 records missing/);
    expect(() => drain(new RecordCursor(bytes, 0, bytes.length, 1))).toThrow(
      /19 bytes after the last record/,
    );
  });

  it('keeps duplicate headers in order', () => {
    const record: KafkaRecord = {
      attributes: 0,
      timestampDelta: 0,
      offsetDelta: 0,
      key: null,
      value: null,
      headers: [
        { key: 'a', value: utf8('1') },
        { key: 'a', value: utf8('2') },
        { key: '', value: new Uint8Array(0) },
      ],
    };
    expect(decodeRecord(encode(record), { pos: 0 }).headers).toEqual(record.headers);
  });

  it('decodes invalid UTF-8 header keys leniently, as Java does', () => {
    // length 9: attrs, ts, offset, key null, value null, 1 header, key length 1, 0xff, value null
    const bytes = hex('12 00 00 00 01 01 02 02 ff 01');
    expect(decodeRecord(bytes, { pos: 0 }).headers[0]!.key).toBe('\ufffd');
  });

  it('round-trips any record', () => {
    const bytesArb = fc.option(fc.uint8Array({ maxLength: 300 }), { nil: null });
    const recordArb = fc.record({
      attributes: fc.constant(0),
      timestampDelta: fc.maxSafeInteger().map((n) => n) as fc.Arbitrary<number>,
      offsetDelta: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      key: bytesArb,
      value: bytesArb,
      headers: fc.array(fc.record({ key: fc.string({ unit: 'grapheme' }), value: bytesArb }), {
        maxLength: 5,
      }),
    });
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), recordArb, (ts, record) => {
        const input = { ...record, timestampDelta: ts };
        const bytes = encode(input);
        const at = { pos: 0 };
        expect(decodeRecord(bytes, at)).toEqual(input);
        expect(at.pos).toBe(bytes.length);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('hostile records (reliability-plan §3.3)', () => {
  const cases: [string, string, RegExp][] = [
    ['empty input', '', /no record/],
    ['a single varint', '14', /record length 10 outside the 0 bytes left/],
    ['key length 2^40 (as a varlong)', '14 00 00 00 80 80 80 80 80 80 02', /varint longer than 5 bytes/],
    ['key length 2^30', '10 00 00 00 80 80 80 80 08', /key length 1073741824 outside/],
    ['record length -1', '01 00 00 00', /record length -1/],
    ['record length beyond the input', '7e 00 00 00 01 01 00', /record length 63 outside the 6 bytes left/],
    ['negative header count', '0c 00 00 00 01 01 01', /header count -1/],
    ['header count beyond the bytes left', '0e 00 00 00 01 01 04 00', /header count 2 cannot fit/],
    ['null header key', '10 00 00 00 01 01 02 01 01', /null header key/],
    ['key length -2', '0a 00 00 00 03 01 00', /key length -2/],
    ['length longer than the fields', '0e 00 00 00 01 01 00 00', /record length 7 but its fields take 6/],
    ['length shorter than the fields', '08 00 00 00 01 01 00', /varint runs past the end/],
  ];
  for (const [name, bytes, message] of cases) {
    it(`rejects ${name}`, () => {
      const input = bytes === '' ? new Uint8Array(0) : hex(bytes);
      expect(() => decodeRecord(input, { pos: 0 })).toThrow(message);
      expect(() => decodeRecord(input, { pos: 0 })).toThrow(DecodeError);
    });
  }

  it('throws only DecodeErrors and always consumes input, for any bytes (10,000 inputs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const cursor = new RecordCursor(bytes);
        try {
          let last = cursor.pos;
          while (cursor.next()) {
            expect(cursor.pos).toBeGreaterThan(last);
            last = cursor.pos;
            cursor.headers();
          }
        } catch (error) {
          expect(error).toBeInstanceOf(DecodeError);
        }
      }),
      { numRuns: 10_000 },
    );
  });

  it('reports corrupt lengths as CorruptRecordError', () => {
    expect(() => decodeRecord(hex('01 00'), { pos: 0 })).toThrow(CorruptRecordError);
  });
});

function drain(cursor: RecordCursor): void {
  while (cursor.next()) cursor.headers();
}
