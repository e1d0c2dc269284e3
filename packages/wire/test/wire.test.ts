import {
  allocateUninitialized,
  concatBytes,
  DecodeError,
  EncodeError,
  FrameDecoder,
  FrameError,
  LkError,
  Reader,
  Writer,
  ZERO_UUID,
} from '@lk/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (h) => Number.parseInt(h, 16));

describe('Writer golden bytes', () => {
  it('writes big-endian fixed-width integers', () => {
    const bytes = new Writer(1)
      .int8(-1)
      .int16(0x1234)
      .int32(-2)
      .int64(0x0102030405060708n)
      .uint16(0xfffe)
      .uint32(0xfffffffd)
      .finish();
    expect(hex(bytes)).toBe('ff1234fffffffe0102030405060708fffefffffffd');
  });
  it('writes classic and compact strings, null distinct from empty', () => {
    const bytes = new Writer()
      .string('lk')
      .nullableString(null)
      .nullableString('')
      .compactString('lk')
      .compactNullableString(null)
      .compactNullableString('')
      .finish();
    expect(hex(bytes)).toBe('00026c6bffff0000' + '036c6b' + '00' + '01');
  });
  it('writes classic and compact bytes and array counts', () => {
    const bytes = new Writer()
      .bytes(new Uint8Array([1, 2]))
      .nullableBytes(null)
      .compactBytes(new Uint8Array([3]))
      .compactNullableBytes(null)
      .arrayLength(2)
      .arrayLength(null)
      .compactArrayLength(2)
      .compactArrayLength(null)
      .finish();
    expect(hex(bytes)).toBe(
      '000000020102' + 'ffffffff' + '0203' + '00' + '00000002' + 'ffffffff' + '03' + '00',
    );
  });
  it('writes tagged fields in ascending tag order', () => {
    const bytes = new Writer()
      .taggedFields([
        { tag: 5, data: new Uint8Array([9]) },
        { tag: 0, data: new Uint8Array([7, 8]) },
      ])
      .finish();
    expect(hex(bytes)).toBe('02' + '00020708' + '050109');
  });
  it('back-fills reserved gaps and grows past its initial capacity', () => {
    const writer = new Writer(16);
    const at = writer.reserve(4);
    for (let i = 0; i < 100; i++) writer.int32(i);
    writer.int32At(at, writer.pos - 4);
    const reader = new Reader(writer.finish());
    expect(reader.int32()).toBe(400);
    for (let i = 0; i < 100; i++) expect(reader.int32()).toBe(i);
  });
  it('writes non-ASCII strings as UTF-8', () => {
    const text = 'ключ-€-😀';
    const reader = new Reader(new Writer().string(text).compactString(text).finish());
    expect(reader.string()).toBe(text);
    expect(reader.compactString()).toBe(text);
  });
  it('refuses values that do not fit', () => {
    const w = new Writer();
    expect(() => w.int8(128)).toThrow(EncodeError);
    expect(() => w.int16(1.5)).toThrow(EncodeError);
    expect(() => w.int32(2 ** 31)).toThrow(EncodeError);
    expect(() => w.int64(1n << 63n)).toThrow(EncodeError);
    expect(() => w.string('x'.repeat(0x8000))).toThrow(/int16 length/);
    expect(() => w.uuid('not-a-uuid')).toThrow(EncodeError);
    expect(() =>
      w.taggedFields([
        { tag: 1, data: new Uint8Array() },
        { tag: 1, data: new Uint8Array() },
      ]),
    ).toThrow(/duplicate/);
  });
});

describe('uuid', () => {
  it('uses Kafka base64url text and round-trips', () => {
    const bytes = new Writer().uuid(ZERO_UUID).uuid('AQIDBAUGBwgJCgsMDQ4PEA').finish();
    expect(hex(bytes)).toBe('00'.repeat(16) + '0102030405060708090a0b0c0d0e0f10');
    const reader = new Reader(bytes);
    expect(reader.uuid()).toBe(ZERO_UUID);
    expect(reader.uuid()).toBe('AQIDBAUGBwgJCgsMDQ4PEA');
  });
  it('round-trips any 16 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (raw) => {
        const text = new Reader(raw).uuid();
        expect(hex(new Writer().uuid(text).finish())).toBe(hex(raw));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Reader', () => {
  it('respects byteOffset and bounds of a view', () => {
    const backing = fromHex('ffff000000070000');
    const view = backing.subarray(2, 6);
    const reader = new Reader(view);
    expect(reader.int32()).toBe(7);
    expect(() => reader.int8()).toThrow(DecodeError);
  });
  it('returns zero-copy views for bytes', () => {
    const input = fromHex('00000002abcd');
    const value = new Reader(input).bytes();
    expect(value.buffer).toBe(input.buffer);
    expect(hex(value)).toBe('abcd');
  });
  it('keeps null distinct from empty', () => {
    const reader = new Reader(fromHex('ffff0000ffffffff00000000' + '0001'));
    expect(reader.nullableString()).toBeNull();
    expect(reader.nullableString()).toBe('');
    expect(reader.nullableBytes()).toBeNull();
    expect(reader.nullableBytes()?.length).toBe(0);
    expect(reader.compactNullableString()).toBeNull();
    expect(reader.compactNullableString()).toBe('');
  });
  it('reads tagged fields as zero-copy views', () => {
    const reader = new Reader(fromHex('02' + '00020708' + '050109'));
    const fields = reader.taggedFields();
    expect(fields.map((f) => [f.tag, hex(f.data)])).toEqual([
      [0, '0708'],
      [5, '09'],
    ]);
    reader.expectEnd();
  });
});

describe('hostile input (reliability plan §3.3)', () => {
  it('non-nullable bytes with length -1 is a typed error, not a crash', () => {
    expect(() => new Reader(fromHex('ffffffff')).bytes()).toThrow(/null in non-nullable/);
  });
  it('a negative length other than -1 is refused', () => {
    expect(() => new Reader(fromHex('fffffffe')).nullableBytes()).toThrow(DecodeError);
    expect(() => new Reader(fromHex('fffe')).nullableString()).toThrow(DecodeError);
  });
  it('an array count of 2^31-1 with a 10-byte body is refused before looping', () => {
    const reader = new Reader(fromHex('7fffffff' + '00'.repeat(10)));
    expect(() => reader.arrayLength()).toThrow(/cannot fit/);
  });
  it('a compact array count larger than the input is refused', () => {
    expect(() => new Reader(fromHex('ffffffff0f00')).compactArrayLength()).toThrow(DecodeError);
  });
  it('a huge length is refused without allocating', () => {
    expect(() => new Reader(fromHex('7fffffff00')).bytes()).toThrow(/needed 2147483647 bytes/);
  });
  it('invalid UTF-8 is a typed error', () => {
    expect(() => new Reader(fromHex('0002c328')).string()).toThrow(/UTF-8/);
  });
  it('trailing bytes can be detected', () => {
    const reader = new Reader(fromHex('000100'));
    reader.int16();
    expect(() => reader.expectEnd()).toThrow(/unread/);
  });
  it('every read method throws only DecodeError on random input and never reads past the end', () => {
    const methods = [
      'int8',
      'int16',
      'uint16',
      'int32',
      'uint32',
      'int64',
      'float64',
      'bool',
      'uuid',
      'uvarint',
      'varint',
      'varlong',
      'varlongNumber',
      'nullableString',
      'compactNullableString',
      'nullableBytes',
      'compactNullableBytes',
      'arrayLength',
      'compactArrayLength',
      'taggedFields',
    ] as const;
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 40 }),
        fc.array(fc.constantFrom(...methods), { maxLength: 12 }),
        (bytes, calls) => {
          const reader = new Reader(bytes);
          for (const method of calls) {
            const before = reader.pos;
            try {
              reader[method]();
            } catch (error) {
              expect(error).toBeInstanceOf(DecodeError);
              return;
            }
            expect(reader.pos).toBeLessThanOrEqual(bytes.length);
            if (method !== 'taggedFields' || bytes.length > before)
              expect(reader.pos).toBeGreaterThan(before);
          }
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

describe('FrameDecoder', () => {
  const frame = (payload: Uint8Array) => new Writer().bytes(payload).finish().slice();

  it('yields the same frames however the stream is chunked', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 50 }),
        (payloads, cuts) => {
          const stream = new Writer();
          for (const p of payloads) stream.raw(frame(p));
          const bytes = stream.toBytes();
          const decoder = new FrameDecoder();
          const got: string[] = [];
          let pos = 0;
          let i = 0;
          while (pos < bytes.length) {
            const n = cuts[i++ % cuts.length]!;
            for (const f of decoder.push(bytes.subarray(pos, pos + n))) got.push(hex(f));
            pos += n;
          }
          expect(got).toEqual(payloads.map(hex));
          expect(decoder.pending).toBe(0);
        },
      ),
      { numRuns: 2000 },
    );
  });
  it('refuses size -1 and 2^31-1 before allocating (seed crashes)', () => {
    expect(() => new FrameDecoder().push(fromHex('ffffffff'))).toThrow(FrameError);
    expect(() => new FrameDecoder().push(fromHex('7fffffff'))).toThrow(/exceeds the maximum/);
    expect(() => new FrameDecoder({ maxFrameSize: 10 }).push(fromHex('0000000b'))).toThrow(/exceeds/);
  });
  it('recognises HTTP and TLS answers', () => {
    expect(() => new FrameDecoder().push(fromHex('485454502f312e31'))).toThrow(/HTTP/);
    expect(() => new FrameDecoder().push(fromHex('150303000202'))).toThrow(/TLS/);
  });
  it('FrameError is a DecodeError and an LkError, but a DecodeError is not a FrameError', () => {
    const error = new FrameError('LK_FRAME_SIZE', 'x');
    expect(error).toBeInstanceOf(DecodeError);
    expect(error).toBeInstanceOf(LkError);
    expect(new DecodeError('LK_WIRE_RANGE', 'y')).not.toBeInstanceOf(FrameError);
    expect(error.name).toBe('FrameError');
  });
  it('handles a zero-length frame', () => {
    expect(new FrameDecoder().push(fromHex('00000000')).map(hex)).toEqual(['']);
  });
  it('yields the same frames when the stream is read into readBuffer() and committed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 50 }),
        fc.boolean(),
        (payloads, cuts, large) => {
          const stream = new Writer();
          // Frames larger than the scratch buffer are read in place, smaller ones copied out of it.
          if (large) payloads.push(new Uint8Array(100_000).map((_, i) => i));
          for (const p of payloads) stream.raw(frame(p));
          const bytes = stream.toBytes();
          const decoder = new FrameDecoder();
          const got: Uint8Array[] = [];
          let pos = 0;
          let i = 0;
          while (pos < bytes.length) {
            const target = decoder.readBuffer();
            const n = Math.min(cuts[i++ % cuts.length]!, target.length, bytes.length - pos);
            target.set(bytes.subarray(pos, pos + n));
            got.push(...decoder.commit(n));
            pos += n;
          }
          // Read after every frame arrived: frames must not share the reused buffer.
          expect(got.map(hex)).toEqual(payloads.map(hex));
          expect(decoder.pending).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
  it('reads frames into the memory allocate() supplies, which a reader may reuse after taking a frame', () => {
    // One dirty buffer reused for every frame: whatever it held before is overwritten.
    const pool = new Uint8Array(150_000).fill(0xee);
    const sizes: number[] = [];
    const decoder = new FrameDecoder({
      allocate: (size) => {
        sizes.push(size);
        return pool.subarray(0, size);
      },
    });
    const payloads = [100_000, 70_000, 120_000].map((n, k) =>
      new Uint8Array(n).map((_, i) => (i * k + 3) & 0xff),
    );
    const bytes = new Writer();
    for (const p of payloads) bytes.raw(frame(p));
    const stream = bytes.toBytes();
    const got: string[] = [];
    for (let pos = 0; pos < stream.length; ) {
      const target = decoder.readBuffer();
      const n = Math.min(target.length, 9_000, stream.length - pos);
      target.set(stream.subarray(pos, pos + n));
      pos += n;
      // Read each frame before the next one reuses the memory.
      for (const f of decoder.commit(n)) {
        expect(f.buffer).toBe(pool.buffer);
        got.push(hex(f));
      }
    }
    expect(got).toEqual(payloads.map(hex));
    expect(sizes).toEqual([100_000, 70_000, 120_000]);
  });
  it('refuses memory of the wrong size from allocate()', () => {
    const decoder = new FrameDecoder({ allocate: (size) => new Uint8Array(size + 1) });
    expect(() => decoder.push(fromHex('00000002'))).toThrow(RangeError);
  });
  it('refuses a commit without a matching readBuffer()', () => {
    const decoder = new FrameDecoder();
    expect(() => decoder.commit(1)).toThrow(RangeError);
    expect(() => decoder.commit(decoder.readBuffer().length + 1)).toThrow(RangeError);
  });
});

describe('concatBytes', () => {
  it('joins parts in order, with or without a known total', () => {
    const parts = [fromHex('01'), fromHex(''), fromHex('0203')];
    expect(hex(concatBytes(parts))).toBe('010203');
    expect(hex(concatBytes(parts, 3))).toBe('010203');
    expect(concatBytes([]).length).toBe(0);
  });
  it('returns a single part without copying', () => {
    const only = fromHex('0a0b');
    expect(concatBytes([only])).toBe(only);
  });
});

describe('large frames (uninitialised memory is fully overwritten)', () => {
  it('yields a 200 KiB frame byte for byte across many chunks', () => {
    const payload = new Uint8Array(200 * 1024).map((_, i) => (i * 31 + 7) & 0xff);
    const stream = new Writer().bytes(payload).toBytes();
    const decoder = new FrameDecoder();
    const frames: Uint8Array[] = [];
    for (let pos = 0; pos < stream.length; pos += 4093)
      frames.push(...decoder.push(stream.subarray(pos, pos + 4093)));
    expect(frames).toHaveLength(1);
    expect(frames[0]!.constructor).toBe(Uint8Array);
    expect(hex(frames[0]!)).toBe(hex(payload));
  });
  it('allocateUninitialized returns a plain Uint8Array of the size asked for', () => {
    for (const size of [0, 1, 64 * 1024, 1024 * 1024]) {
      const memory = allocateUninitialized(size);
      expect(memory.constructor).toBe(Uint8Array);
      expect(memory.length).toBe(size);
    }
  });
});

describe('Writer shareFrom (byte fields referenced, not copied)', () => {
  it('chunks() hands large byte fields over as they are, around the copied bytes', () => {
    const large = new Uint8Array(100).fill(9);
    const writer = new Writer(16, 64);
    writer.int32(7).compactBytes(large).bytes(fromHex('0102')).bytes(large).int8(-1);
    const pieces = writer.chunks();
    expect(pieces.map((p) => p.length)).toEqual([5, 100, 10, 100, 1]);
    expect(pieces[1]).toBe(large);
    expect(pieces[3]).toBe(large);
    expect(writer.length).toBe(216);
    expect(writer.pos).toBe(16);
    const copied = new Writer().int32(7).compactBytes(large).bytes(fromHex('0102')).bytes(large).int8(-1);
    expect(hex(writer.finish())).toBe(hex(copied.finish()));
    expect(hex(writer.toBytes())).toBe(hex(copied.finish()));
  });
  it('copies byte fields below the threshold, and toBytes copies a field that is alone', () => {
    const writer = new Writer(16, 64).bytes(new Uint8Array(63));
    expect(writer.chunks()).toHaveLength(1);
    const only = new Uint8Array(64).fill(3);
    const alone = new Writer(16, 64);
    alone.compactBytes(only);
    const copy = alone.toBytes();
    expect(copy.length).toBe(65);
    expect(alone.reset().length).toBe(0);
    expect(alone.chunks().map((p) => p.length)).toEqual([0]);
  });
});

describe('Writer continuations (a byte field continued by views held elsewhere)', () => {
  const filled = (length: number, byte: number) => new Uint8Array(length).fill(byte);

  it('writes a continued field and its continuations under one length prefix, shared or copied', () => {
    const head = filled(40, 1);
    const tail = [filled(5, 2), filled(50, 3)];
    const joined = concatBytes([head, ...tail]);
    const continuations = new Map([[head, tail]]);
    for (const shareFrom of [32, Number.POSITIVE_INFINITY]) {
      for (const field of ['bytes', 'compactNullableBytes'] as const) {
        const w = new Writer(16, shareFrom, continuations);
        w[field](head).int8(4);
        const expected = new Writer()[field](joined).int8(4).finish();
        expect(hex(concatBytes(w.chunks()))).toBe(hex(expected));
        expect(w.length).toBe(expected.length);
        // Shared: the two large views themselves, the short one copied; copying: one piece.
        expect(w.chunks()).toHaveLength(shareFrom === 32 ? 5 : 1);
        // Another value is not continued, and reset() keeps the map (it belongs to the caller).
        w.reset().bytes(tail[1]!);
        expect(hex(w.finish())).toBe(hex(new Writer().bytes(tail[1]!).finish()));
      }
    }
  });

  it('round-trips random values through chunks at any threshold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }),
        fc.integer({ min: 1, max: 400 }),
        (values, shareFrom) => {
          const shared = new Writer(16, shareFrom);
          const copied = new Writer();
          for (const v of values) {
            shared.compactBytes(v).int32(v.length);
            copied.compactBytes(v).int32(v.length);
          }
          expect(hex(concatBytes(shared.chunks()))).toBe(hex(copied.finish()));
        },
      ),
    );
  });
});
