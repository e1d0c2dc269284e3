import { describe, expect, it } from 'vitest';
import { crc32cShift } from '../src/crc32c-shift.ts';
import {
  Batch,
  BatchBuffer,
  BatchWriter,
  Builder,
  crc32c,
  stampProducer,
  stampProducerInPlace,
} from '../src/index.ts';
import { text, utf8 } from './helpers.ts';

const T0 = 1_700_000_000_000;

describe('BatchWriter', () => {
  it('writes the same bytes as Builder for the same records', () => {
    const records = [
      { key: utf8('k1'), value: utf8('v1'), timestamp: T0 },
      {
        key: null,
        value: utf8('x'.repeat(300)),
        timestamp: T0 + 5,
        headers: [{ key: 'h', value: utf8('1') }],
      },
      { key: utf8('k3'), value: null, timestamp: T0 - 2 },
    ];
    const builder = new Builder();
    const writer = new BatchWriter({ maxBytes: 10_000 });
    for (const r of records) {
      builder.add(r);
      expect(writer.append(r.key, r.value, r.timestamp, r.headers)).toBe(true);
    }
    const expected = builder.build().marshal();
    const written = writer.finish();
    expect(Buffer.from(written.marshal()).equals(Buffer.from(expected))).toBe(true);
    expect(written.maxTimestamp).toBe(T0 + 5);
    const parsed = Batch.unmarshal(written.marshal()); // CRC checked
    expect(parsed.readRecords().map((r) => text(r.value))).toEqual(['v1', 'x'.repeat(300), null]);
  });

  it('refuses a record past maxBytes and keeps what it has', () => {
    const writer = new BatchWriter({ maxBytes: 61 + 2 * 14 });
    expect(writer.append(null, utf8('0123456'), T0)).toBe(true); // 14 bytes
    expect(writer.append(null, utf8('0123456'), T0)).toBe(true);
    expect(writer.sizeInBytes).toBe(89);
    expect(writer.append(null, utf8('a'), T0)).toBe(false);
    expect(writer.recordsCount).toBe(2);
    expect(Batch.unmarshal(writer.finish().marshal()).recordsCount).toBe(2);
  });

  it('always takes a first record, however large, into its buffer', () => {
    const into = new BatchBuffer(100);
    const writer = new BatchWriter({ maxBytes: 100, into });
    expect(writer.append(null, new Uint8Array(5000).fill(7), T0)).toBe(true);
    expect(writer.append(null, utf8('a'), T0)).toBe(false);
    const batch = Batch.unmarshal(writer.finish().marshal());
    expect(batch.readRecords()[0]!.value!.length).toBe(5000);
    expect(into.capacity).toBeGreaterThanOrEqual(5000);
  });

  it('stamps producer fields and transactional', () => {
    const producer = { producerId: 42n, producerEpoch: 3, baseSequence: 10 };
    const writer = new BatchWriter({ maxBytes: 1000, producer, transactional: true });
    writer.append(null, utf8('v'), T0);
    const batch = Batch.unmarshal(writer.finish().marshal());
    expect([batch.producerId, batch.producerEpoch, batch.baseSequence, batch.isTransactional]).toEqual([
      42n,
      3,
      10,
      true,
    ]);
  });

  it('gives typed errors for bad use', () => {
    expect(() => new BatchWriter({ maxBytes: 60 })).toThrow(/maxBytes/);
    expect(
      () =>
        new BatchWriter({ maxBytes: 100, producer: { producerId: 1n, producerEpoch: 0, baseSequence: -1 } }),
    ).toThrow(/baseSequence/);
    const writer = new BatchWriter({ maxBytes: 100 });
    expect(() => writer.finish()).toThrow(/at least one record/);
    writer.append(null, null, T0);
    writer.finish();
    expect(() => writer.append(null, null, T0)).toThrow(/after finish/);
    expect(() => writer.finish()).toThrow(/twice/);
  });
});

describe('stampProducer', () => {
  it('stamps a copy whose CRC matches one computed over the whole batch', () => {
    for (const size of [0, 1, 3, 1000, 70_000]) {
      const builder = new Builder();
      builder.add({ value: new Uint8Array(size).map((_, i) => (i * 31) & 0xff), timestamp: T0 });
      const plain = builder.build();
      const before = plain.marshal().slice();
      const stamped = stampProducer(plain, { producerId: 123456789n, producerEpoch: 7, baseSequence: 99 });
      const reference = new Batch({
        ...plain.fields(),
        producerId: 123456789n,
        producerEpoch: 7,
        baseSequence: 99,
      });
      expect(stamped.crc).toBe(reference.crc);
      expect(Buffer.from(stamped.marshal()).equals(Buffer.from(reference.marshal()))).toBe(true);
      expect(Buffer.from(plain.marshal()).equals(Buffer.from(before))).toBe(true); // the original is untouched
      expect(Batch.unmarshal(stamped.marshal()).baseSequence).toBe(99);
    }
  });

  it('stamps in place: the same bytes as a batch built with those fields, CRC valid', () => {
    const plain = new Builder().add({ value: new Uint8Array(5000).fill(3), timestamp: T0 }).build();
    const frame = plain.marshal().slice();
    stampProducerInPlace(frame, { producerId: 7n, producerEpoch: 1, baseSequence: 2 });
    const reference = new Batch({
      ...plain.fields(),
      producerId: 7n,
      producerEpoch: 1,
      baseSequence: 2,
    }).marshal();
    expect(Buffer.from(frame).equals(Buffer.from(reference))).toBe(true);
    expect(Batch.unmarshal(frame).baseSequence).toBe(2); // CRC checked
    const before = frame.slice();
    expect(() =>
      stampProducerInPlace(frame, { producerId: 8n, producerEpoch: 1, baseSequence: 2 ** 31 }),
    ).toThrow(/baseSequence/);
    expect(Buffer.from(frame).equals(Buffer.from(before))).toBe(true); // nothing written
    expect(() =>
      stampProducerInPlace(new Uint8Array(60), { producerId: 1n, producerEpoch: 0, baseSequence: 0 }),
    ).toThrow(/61-byte/);
  });

  it('refuses fields out of range', () => {
    const plain = new Builder().add({ value: utf8('v'), timestamp: T0 }).build();
    expect(() => stampProducer(plain, { producerId: 1n, producerEpoch: 70_000, baseSequence: 0 })).toThrow(
      /producerEpoch/,
    );
  });
});

describe('crc32cShift', () => {
  it('is what zero bytes do to a raw CRC state', () => {
    // Raw state after data = crc32c(data) ^ crc32c(zeros of the same length) (init/xorout cancel).
    for (const [data, zeros] of [
      [utf8('123456789'), 0],
      [utf8('123456789'), 1],
      [utf8('a'), 17],
      [utf8('hello world'), 1_000_003],
    ] as const) {
      const raw = (bytes: Uint8Array) => (crc32c(bytes) ^ crc32c(new Uint8Array(bytes.length))) >>> 0;
      const padded = new Uint8Array(data.length + zeros);
      padded.set(data);
      expect(crc32cShift(raw(data), zeros)).toBe(raw(padded));
    }
  });
});
