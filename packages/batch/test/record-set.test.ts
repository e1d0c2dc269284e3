import {
  Attributes,
  Batch,
  Builder,
  CorruptBatchError,
  crc32Ieee,
  DecodedRecordSet,
  entryMagic,
  ReadCommittedFilter,
  readLegacyEntry,
  readRecordSet,
  splitRecordSet,
} from '@lk/batch';
import { describe, expect, it } from 'vitest';
import { COMMIT_MARKER, GO_FIXTURE, testGzip, text, utf8, VECTOR_91 } from './helpers.ts';

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** A batch at `baseOffset` with the given producer/transaction/control settings. */
function batchAt(
  baseOffset: bigint,
  values: string[],
  extra: Partial<ReturnType<Batch['fields']>> = {},
): Uint8Array {
  const builder = new Builder({ clock: () => 1_000 });
  for (const v of values) builder.add({ value: utf8(v) });
  return new Batch({ ...builder.build().fields(), baseOffset, ...extra }).marshal();
}

describe('splitRecordSet', () => {
  const set = concat(VECTOR_91, GO_FIXTURE, COMMIT_MARKER);

  it('splits concatenated batches into views', () => {
    const entries = splitRecordSet(set);
    expect(entries.map((e) => e.length)).toEqual([91, 88, 78]);
    expect(entries[1]!.buffer).toBe(set.buffer);
    expect(entries.map(entryMagic)).toEqual([2, 2, 2]);
  });

  it('drops a truncated last batch at every cut point (prefix property)', () => {
    for (let cut = 0; cut <= set.length; cut++) {
      const entries = splitRecordSet(set.subarray(0, cut));
      const expected = cut >= 257 ? 3 : cut >= 179 ? 2 : cut >= 91 ? 1 : 0;
      expect(entries).toHaveLength(expected);
    }
  });

  // reliability-plan §3.3: RecordSet.Batches looped forever or panicked on these lengths.
  for (const [name, length, message] of [
    ['-12', -12, /entry length -12 below 14/],
    ['below -12', -100, /entry length -100/],
    ['0', 0, /entry length 0/],
  ] as const) {
    it(`rejects entry length ${name}`, () => {
      const bad = VECTOR_91.slice();
      new DataView(bad.buffer).setInt32(8, length);
      expect(() => splitRecordSet(bad)).toThrow(message);
      expect(() => splitRecordSet(bad)).toThrow(CorruptBatchError);
    });
  }

  it('treats a length near 2^31-1 as a truncated tail, without overflow', () => {
    const bad = VECTOR_91.slice();
    new DataView(bad.buffer).setInt32(8, 0x7fffffff);
    expect(splitRecordSet(concat(VECTOR_91, bad))).toHaveLength(1);
  });

  it('rejects an unknown magic once 17 bytes are present', () => {
    const bad = VECTOR_91.slice();
    bad[16] = 3;
    expect(() => splitRecordSet(bad)).toThrow(/unknown magic 3/);
    expect(splitRecordSet(bad.subarray(0, 16))).toEqual([]);
  });
});

describe('readRecordSet', () => {
  it('reads data records, skips control batches and records below the fetch offset', () => {
    const data = concat(batchAt(10n, ['a', 'b', 'c']), batchAt(13n, ['d']), COMMIT_MARKER);
    const all = readRecordSet(data);
    expect(all.records.map((r) => `${r.offset}:${text(r.value)}`)).toEqual(['10:a', '11:b', '12:c', '13:d']);
    expect(all.nextOffset).toBe(43n);
    const fromB = readRecordSet(data, { fetchOffset: 11n });
    expect(fromB.records.map((r) => r.offset)).toEqual([11n, 12n, 13n]);
  });

  it('takes the next offset from lastOffsetDelta, even when records were compacted away', () => {
    const compacted = batchAt(20n, ['x'], { lastOffsetDelta: 9 });
    expect(readRecordSet(compacted).nextOffset).toBe(30n);
    const empty = new Batch({
      ...Batch.unmarshal(compacted).fields(),
      recordsCount: 0,
      records: new Uint8Array(0),
    });
    expect(readRecordSet(empty.marshal())).toEqual({ records: [], nextOffset: 30n });
    expect(readRecordSet(compacted.subarray(0, 40)).nextOffset).toBeUndefined();
  });

  it('decompresses with the given codecs and names a missing one', () => {
    const compressed = Batch.unmarshal(batchAt(5n, ['z1', 'z2']))
      .compress(testGzip)
      .marshal();
    expect(
      readRecordSet(compressed, { decompressors: [testGzip] }).records.map((r) => text(r.value)),
    ).toEqual(['z1', 'z2']);
    expect(() => readRecordSet(compressed)).toThrow(/no decompressor for gzip/);
  });

  it('read_committed: drops aborted transactional batches and ends the transaction at the ABORT marker', () => {
    const txn = { producerId: 7n, producerEpoch: 0, baseSequence: 0, attributes: Attributes.transactional };
    const abortMarker = new Batch({
      ...Batch.unmarshal(COMMIT_MARKER).fields(),
      baseOffset: 2n,
      producerId: 7n,
      records: Batch.unmarshal(COMMIT_MARKER).records.slice(),
    });
    // Rewrite the marker's type from COMMIT (1) to ABORT (0): key bytes 00 00 00 01 -> 00 00 00 00.
    const abortRecords = abortMarker.records.slice();
    abortRecords[8] = 0;
    const abort = new Batch({ ...abortMarker.fields(), records: abortRecords }).marshal();
    const data = concat(
      batchAt(0n, ['aborted-1', 'aborted-2'], txn),
      abort,
      batchAt(3n, ['committed'], { ...txn, baseSequence: 2 }),
      batchAt(4n, ['plain']),
    );
    const committed = readRecordSet(data, { abortedTransactions: [{ producerId: 7n, firstOffset: 0n }] });
    expect(committed.records.map((r) => text(r.value))).toEqual(['committed', 'plain']);
    const uncommitted = readRecordSet(data);
    expect(uncommitted.records.map((r) => text(r.value))).toEqual([
      'aborted-1',
      'aborted-2',
      'committed',
      'plain',
    ]);
    const filter = new ReadCommittedFilter([]);
    expect(filter.skips(Batch.unmarshal(COMMIT_MARKER))).toBe(true);
  });
});

/** A legacy message entry: offset, size, crc, magic, attributes, [timestamp], key, value. */
function legacy(
  offset: bigint,
  magic: 0 | 1,
  attributes: number,
  timestamp: number,
  key: Uint8Array | null,
  value: Uint8Array | null,
) {
  const size = 4 + 1 + 1 + (magic === 1 ? 8 : 0) + 4 + (key?.length ?? 0) + 4 + (value?.length ?? 0);
  const out = new Uint8Array(12 + size);
  const view = new DataView(out.buffer);
  view.setBigInt64(0, offset);
  view.setInt32(8, size);
  let at = 16;
  out[at++] = magic;
  out[at++] = attributes;
  if (magic === 1) {
    view.setBigInt64(at, BigInt(timestamp));
    at += 8;
  }
  for (const field of [key, value]) {
    view.setInt32(at, field === null ? -1 : field.length);
    at += 4;
    if (field !== null) {
      out.set(field, at);
      at += field.length;
    }
  }
  view.setUint32(12, crc32Ieee(out.subarray(16)));
  return out;
}

describe('legacy message sets (magic 0 and 1)', () => {
  it('reads plain v0 and v1 messages, with CRC-32 checked', () => {
    const v0 = legacy(5n, 0, 0, 0, utf8('k'), utf8('v0'));
    const v1 = legacy(6n, 1, 0, 1_600_000_000_000, null, utf8('v1'));
    const data = concat(v0, v1, VECTOR_91);
    expect(splitRecordSet(data).map(entryMagic)).toEqual([0, 1, 2]);
    const { records, nextOffset } = readRecordSet(data);
    expect(records.map((r) => [r.offset, r.timestamp, text(r.key), text(r.value)])).toEqual([
      [5n, -1, 'k', 'v0'],
      [6n, 1_600_000_000_000, null, 'v1'],
      [0n, 1_700_000_000_000, 'k1', 'v1'],
      [1n, 1_700_000_000_005, null, 'hello'],
    ]);
    expect(nextOffset).toBe(7n);
    const bad = v1.slice();
    bad[30] = bad[30]! ^ 4;
    expect(() => readLegacyEntry(bad)).toThrow(/CRC-32 mismatch/);
  });

  it('reads a compressed v1 wrapper: relative inner offsets and LogAppendTime', () => {
    const inner = concat(
      legacy(0n, 1, 0, 111, null, utf8('a')),
      legacy(1n, 1, 0, 222, null, utf8('b')),
      legacy(2n, 1, 0, 333, null, utf8('c')),
    );
    const wrapper = legacy(102n, 1, 1, 999, null, testGzip.compress(inner));
    const records = readLegacyEntry(wrapper, { decompressors: [testGzip] });
    expect(records.map((r) => [r.offset, r.timestamp, text(r.value)])).toEqual([
      [100n, 111, 'a'],
      [101n, 222, 'b'],
      [102n, 333, 'c'],
    ]);
    const appendTime = legacy(102n, 1, 1 | 0x08, 999, null, testGzip.compress(inner));
    expect(readLegacyEntry(appendTime, { decompressors: [testGzip] }).map((r) => r.timestamp)).toEqual([
      999, 999, 999,
    ]);
    const zeroWrapper = legacy(0n, 1, 1, 999, null, testGzip.compress(inner));
    expect(readLegacyEntry(zeroWrapper, { decompressors: [testGzip] }).map((r) => r.offset)).toEqual([
      0n,
      1n,
      2n,
    ]);
  });

  it('reads a compressed v0 wrapper with absolute inner offsets', () => {
    const inner = concat(legacy(40n, 0, 0, 0, null, utf8('x')), legacy(41n, 0, 0, 0, null, utf8('y')));
    const wrapper = legacy(41n, 0, 1, 0, null, testGzip.compress(inner));
    const records = readLegacyEntry(wrapper, { decompressors: [testGzip] });
    expect(records.map((r) => r.offset)).toEqual([40n, 41n]);
  });

  it('rejects malformed legacy messages with typed errors', () => {
    const msg = legacy(1n, 0, 0, 0, utf8('key'), utf8('value'));
    const badKey = msg.slice();
    new DataView(badKey.buffer).setInt32(18, 1000);
    expect(() => readLegacyEntry(badKey, { verifyCrc: false })).toThrow(/legacy length 1000/);
    const nested = legacy(0n, 0, 1, 0, null, testGzip.compress(legacy(0n, 0, 1, 0, null, utf8('x'))));
    expect(() => readLegacyEntry(nested, { decompressors: [testGzip] })).toThrow(/nested compression/);
    const zstd = legacy(0n, 1, 4, 0, null, utf8('x'));
    expect(() => readLegacyEntry(zstd)).toThrow(/legacy compression type 4/);
    expect(() => readLegacyEntry(msg.subarray(0, 20))).toThrow(CorruptBatchError);
  });
});

describe('DecodedRecordSet and RecordSetCursor', () => {
  const withHeaders = (() => {
    const builder = new Builder({ clock: () => 5_000 });
    builder.add({ key: utf8('k'), value: utf8('h1'), headers: [{ key: 'x', value: utf8('1') }] });
    builder.add({ key: null, value: null, timestamp: 5_007 });
    return new Batch({ ...builder.build().fields(), baseOffset: 30n }).marshal();
  })();
  const mixed = concat(
    legacy(5n, 0, 0, 0, utf8('k'), utf8('v0')),
    legacy(6n, 1, 0, 1_600_000_000_000, null, utf8('v1')),
    batchAt(10n, ['a', 'b', 'c']),
    COMMIT_MARKER,
    Batch.unmarshal(batchAt(20n, ['z1', 'z2']))
      .compress(testGzip)
      .marshal(),
    withHeaders,
  );

  it('walks every record readRecordSet returns, field by field, from any fetch offset', () => {
    for (const fetchOffset of [undefined, 0n, 6n, 11n, 12n, 21n, 31n, 32n]) {
      const options = { fetchOffset, decompressors: [testGzip] };
      const expected = readRecordSet(mixed, options).records;
      const set = DecodedRecordSet.decode(mixed, options);
      const walked: unknown[] = [];
      for (const cursor = set.cursor(); cursor.next(); ) {
        walked.push({
          offset: cursor.offset(),
          timestamp: cursor.timestamp(),
          key: cursor.key(),
          value: cursor.value(),
          headers: cursor.headers(),
        });
        expect(cursor.keyLength).toBe(cursor.key()?.length ?? -1);
        expect(cursor.valueLength).toBe(cursor.value()?.length ?? -1);
        expect(cursor.batch === null).toBe(cursor.offset() < 10n);
      }
      expect(walked).toEqual(expected);
      expect(set.records()).toEqual(expected);
      expect(set.hasRecords).toBe(expected.length > 0);
      expect(set.nextOffset).toBe(43n); // the marker's: the highest batch end
    }
    const all = readRecordSet(mixed, { decompressors: [testGzip] }).records;
    expect(all.map((r) => `${r.offset}:${text(r.value)}`)).toEqual([
      '5:v0',
      '6:v1',
      '10:a',
      '11:b',
      '12:c',
      '20:z1',
      '21:z2',
      '30:h1',
      '31:null',
    ]);
    expect(all[7]!.headers.map((h) => [h.key, text(h.value)])).toEqual([['x', '1']]);
    expect(all[8]!.timestamp).toBe(5_007);
  });

  it('each cursor walks anew; a set of control batches, or of records below the fetch offset, has none', () => {
    const set = DecodedRecordSet.decode(batchAt(10n, ['a', 'b']));
    const first = set.cursor();
    expect(first.next()).toBe(true);
    const second = set.cursor();
    expect([second.next(), second.next(), second.next()]).toEqual([true, true, false]);
    expect([first.next(), text(first.value()), first.next()]).toEqual([true, 'b', false]);
    expect(DecodedRecordSet.decode(COMMIT_MARKER).hasRecords).toBe(false);
    expect(DecodedRecordSet.decode(COMMIT_MARKER).nextOffset).toBe(43n);
    const below = DecodedRecordSet.decode(batchAt(10n, ['a', 'b']), { fetchOffset: 12n });
    expect(below.hasRecords).toBe(false);
    expect(below.records()).toEqual([]);
  });

  it('checks CRCs when decoding the set; a corrupt record throws from next()', () => {
    const bad = batchAt(10n, ['abc']);
    bad[bad.length - 3] = bad[bad.length - 3]! ^ 1;
    expect(() => DecodedRecordSet.decode(bad)).toThrow(/CRC/);
    // Unchecked, a record whose length overruns the batch is found by the walk.
    const overrun = batchAt(10n, ['abc']);
    overrun[61] = 0x7e;
    const cursor = DecodedRecordSet.decode(overrun, { verifyCrc: false }).cursor();
    expect(() => cursor.next()).toThrow(/record length/);
  });
});
