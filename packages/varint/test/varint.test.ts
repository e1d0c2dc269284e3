import {
  DecodeError,
  EncodeError,
  LkError,
  readUvarint,
  readVarint,
  readVarlong,
  readVarlongNumber,
  uvarintSize,
  varintSize,
  varlongNumberSize,
  varlongSize,
  writeUvarint,
  writeVarint,
  writeVarlong,
  writeVarlongNumber,
} from '@lk/varint';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refEncodeUnsigned, refEncodeVarint, refEncodeVarlong } from './reference.ts';

const hex = (bytes: ArrayLike<number>) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

function encoded(write: (buf: Uint8Array, pos: number) => number): Uint8Array {
  const buf = new Uint8Array(16);
  return buf.subarray(0, write(buf, 0));
}

/** Every value at and next to each 7-bit boundary, plus the extremes, for the given width. */
function boundaries(bits: number, signed: boolean): bigint[] {
  const values = new Set<bigint>();
  for (let k = 0; k <= bits; k += 7) {
    for (const d of [-1n, 0n, 1n]) {
      const v = (1n << BigInt(k)) + d;
      values.add(v);
      if (signed) values.add(-v);
    }
  }
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  for (const v of [min, min + 1n, max - 1n, max, 0n, 1n, -1n]) values.add(v);
  return [...values].filter((v) => v >= min && v <= max);
}

describe('known vectors (RECORD_FORMAT.md §4)', () => {
  const vectors: [number, string][] = [
    [0, '00'],
    [-1, '01'],
    [1, '02'],
    [-2, '03'],
    [63, '7e'],
    [-64, '7f'],
    [64, '80 01'],
    [300, 'd8 04'],
    [2147483647, 'fe ff ff ff 0f'],
    [-2147483648, 'ff ff ff ff 0f'],
  ];
  for (const [value, bytes] of vectors) {
    it(`varint ${value} is ${bytes}`, () => {
      expect(hex(encoded((b, p) => writeVarint(b, p, value)))).toBe(bytes);
      const buf = Uint8Array.from(bytes.split(' '), (h) => Number.parseInt(h, 16));
      const cursor = { pos: 0 };
      expect(readVarint(buf, cursor)).toBe(value);
      expect(cursor.pos).toBe(buf.length);
    });
  }
  it('varlong 1700000000000 is 80 a0 ab fe f9 62', () => {
    expect(hex(encoded((b, p) => writeVarlong(b, p, 1700000000000n)))).toBe('80 a0 ab fe f9 62');
    expect(hex(encoded((b, p) => writeVarlongNumber(b, p, 1700000000000)))).toBe('80 a0 ab fe f9 62');
  });
});

describe('boundary sweeps against the BigInt reference', () => {
  it('unsigned varint at every 7-bit boundary up to 2^32-1', () => {
    for (const v of boundaries(32, false)) {
      const n = Number(v);
      const bytes = encoded((b, p) => writeUvarint(b, p, n));
      expect(hex(bytes)).toBe(hex(refEncodeUnsigned(v)));
      expect(uvarintSize(n)).toBe(bytes.length);
      const cursor = { pos: 0 };
      expect(readUvarint(bytes, cursor)).toBe(n);
      expect(cursor.pos).toBe(bytes.length);
    }
  });
  it('zigzag varint at every boundary of int32', () => {
    for (const v of boundaries(32, true)) {
      const n = Number(v);
      const bytes = encoded((b, p) => writeVarint(b, p, n));
      expect(hex(bytes)).toBe(hex(refEncodeVarint(n)));
      expect(varintSize(n)).toBe(bytes.length);
      expect(readVarint(bytes, { pos: 0 })).toBe(n);
    }
  });
  it('zigzag varlong at every boundary of int64', () => {
    for (const v of boundaries(64, true)) {
      const bytes = encoded((b, p) => writeVarlong(b, p, v));
      expect(hex(bytes)).toBe(hex(refEncodeVarlong(v)));
      expect(varlongSize(v)).toBe(bytes.length);
      const cursor = { pos: 0 };
      expect(readVarlong(bytes, cursor)).toBe(v);
      expect(cursor.pos).toBe(bytes.length);
      const safe = v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER);
      if (safe) {
        expect(hex(encoded((b, p) => writeVarlongNumber(b, p, Number(v))))).toBe(hex(bytes));
        expect(varlongNumberSize(Number(v))).toBe(bytes.length);
        expect(readVarlongNumber(bytes, { pos: 0 })).toBe(Number(v));
      } else {
        expect(() => readVarlongNumber(bytes, { pos: 0 })).toThrow(DecodeError);
      }
    }
  });
});

describe('properties', () => {
  it('varint round-trips every int32', () => {
    fc.assert(
      fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), (n) => {
        const bytes = encoded((b, p) => writeVarint(b, p, n));
        expect(hex(bytes)).toBe(hex(refEncodeVarint(n)));
        expect(readVarint(bytes, { pos: 0 })).toBe(n);
      }),
      { numRuns: 10_000 },
    );
  });
  it('varlong round-trips every int64, and the number path agrees for safe integers', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }), (v) => {
        const bytes = encoded((b, p) => writeVarlong(b, p, v));
        expect(hex(bytes)).toBe(hex(refEncodeVarlong(v)));
        expect(readVarlong(bytes, { pos: 0 })).toBe(v);
      }),
      { numRuns: 10_000 },
    );
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        const bytes = encoded((b, p) => writeVarlongNumber(b, p, n));
        expect(hex(bytes)).toBe(hex(refEncodeVarlong(BigInt(n))));
        expect(readVarlongNumber(bytes, { pos: 0 })).toBe(n);
      }),
      { numRuns: 10_000 },
    );
  });
  it('decoders throw only DecodeError and always advance on success', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        for (const read of [readUvarint, readVarint, readVarlong, readVarlongNumber]) {
          const cursor = { pos: 0 };
          try {
            read(bytes, cursor);
            expect(cursor.pos).toBeGreaterThan(0);
          } catch (error) {
            expect(error).toBeInstanceOf(DecodeError);
            expect(cursor.pos).toBe(0);
          }
        }
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('hostile input', () => {
  it('rejects truncated encodings', () => {
    for (const read of [readUvarint, readVarint, readVarlong, readVarlongNumber]) {
      expect(() => read(new Uint8Array([]), { pos: 0 })).toThrow(DecodeError);
      expect(() => read(new Uint8Array([0x80]), { pos: 0 })).toThrow(/past the end/);
      expect(() => read(new Uint8Array([0xff, 0xff]), { pos: 0 })).toThrow(DecodeError);
    }
  });
  it('respects the end bound of a view', () => {
    const buf = new Uint8Array([0x80, 0x01]);
    expect(() => readVarint(buf, { pos: 0 }, 1)).toThrow(DecodeError);
  });
  it('rejects a varint longer than 5 bytes and a varlong longer than 10', () => {
    expect(() => readVarint(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), { pos: 0 })).toThrow(
      /longer than 5/,
    );
    expect(() => readUvarint(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x10]), { pos: 0 })).toThrow(
      DecodeError,
    );
    const eleven = new Uint8Array([...Array(10).fill(0xff), 0x01]);
    expect(() => readVarlong(eleven, { pos: 0 })).toThrow(/longer than 10/);
    expect(() => readVarlongNumber(eleven, { pos: 0 })).toThrow(DecodeError);
  });
  it('reports the error code and offset, and errors are LkErrors', () => {
    try {
      readVarint(new Uint8Array([0x80]), { pos: 0 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LkError);
      expect((error as DecodeError).code).toBe('LK_VARINT_TRUNCATED');
      expect((error as DecodeError).offset).toBe(1);
    }
  });
  it('refuses to encode out-of-range values', () => {
    const buf = new Uint8Array(16);
    expect(() => writeVarint(buf, 0, 2 ** 31)).toThrow(EncodeError);
    expect(() => writeVarint(buf, 0, 1.5)).toThrow(EncodeError);
    expect(() => writeUvarint(buf, 0, -1)).toThrow(EncodeError);
    expect(() => writeVarlong(buf, 0, 1n << 63n)).toThrow(EncodeError);
    expect(() => writeVarlongNumber(buf, 0, 2 ** 53)).toThrow(EncodeError);
  });
  it('accepts non-minimal but valid varlongs in the number path', () => {
    // 0 written with 9 bytes: Kafka never writes this, but it is a valid int64 encoding.
    const nonMinimal = new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]);
    expect(readVarlongNumber(nonMinimal, { pos: 0 })).toBe(0);
  });
});
