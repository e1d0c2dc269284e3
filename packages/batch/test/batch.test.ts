import {
  Attributes,
  Batch,
  BatchConfigError,
  Builder,
  CompressionType,
  ControlRecordType,
  CorruptBatchError,
  DecompressError,
  readControlRecord,
} from '@lk/batch';
import { DecodeError, EncodeError, LkError } from '@lk/wire';
import { describe, expect, it } from 'vitest';
import { COMMIT_MARKER, GO_FIXTURE, hex, testGzip, text, toHex, utf8, VECTOR_91 } from './helpers.ts';

const T0 = 1_700_000_000_000;

function vectorBuilder(emptyHeader = false): Builder {
  return new Builder({ clock: () => T0 }).add({ key: utf8('k1'), value: utf8('v1') }).add({
    value: utf8('hello'),
    timestamp: T0 + 5,
    headers: [
      { key: 'h', value: utf8('x') },
      { key: 'n', value: emptyHeader ? new Uint8Array(0) : null },
    ],
  });
}

describe('marshal: RECORD_FORMAT §12 vectors', () => {
  it('builds the 91-byte two-record batch byte for byte', () => {
    const batch = vectorBuilder().build();
    expect(toHex(batch.marshal())).toBe(toHex(VECTOR_91));
    expect(batch.crc).toBe(0x861dcddb);
    expect(batch.batchLength).toBe(79);
  });

  it('gives the empty-header variant CRC 0x74764ed8', () => {
    const bytes = vectorBuilder(true).build().marshal();
    expect(toHex(bytes.subarray(-3))).toBe('02 6e 00');
    expect(Batch.unmarshal(bytes).crc).toBe(0x74764ed8);
  });

  it('re-marshals fields to the same bytes (new Batch(fields))', () => {
    const parsed = Batch.unmarshal(VECTOR_91);
    expect(toHex(new Batch(parsed.fields()).marshal())).toBe(toHex(VECTOR_91));
    expect(toHex(new Batch(Batch.unmarshal(COMMIT_MARKER).fields()).marshal())).toBe(toHex(COMMIT_MARKER));
  });

  it('build() is repeatable and counts records', () => {
    const builder = vectorBuilder();
    expect(builder.recordsCount).toBe(2);
    const first = builder.build().marshal();
    expect(toHex(builder.build().marshal())).toBe(toHex(first));
    builder.add({ value: utf8('third'), timestamp: T0 + 1 });
    const third = builder.build();
    expect(third.recordsCount).toBe(3);
    expect(third.lastOffsetDelta).toBe(2);
    expect(third.maxTimestamp).toBe(T0 + 5);
    expect(() => new Builder().build()).toThrow(EncodeError);
  });
});

describe('unmarshal', () => {
  it('decodes the 91-byte vector: every header field and both records', () => {
    const batch = Batch.unmarshal(VECTOR_91);
    expect(batch.fields()).toMatchObject({
      baseOffset: 0n,
      partitionLeaderEpoch: -1,
      attributes: 0,
      lastOffsetDelta: 1,
      baseTimestamp: T0,
      maxTimestamp: T0 + 5,
      producerId: -1n,
      producerEpoch: -1,
      baseSequence: -1,
      recordsCount: 2,
    });
    expect(batch.magic).toBe(2);
    expect(batch.crc).toBe(0x861dcddb);
    expect(batch.records.length).toBe(30);
    expect(batch.nextOffset).toBe(2n);
    expect(batch.readRecords()).toEqual([
      { offset: 0n, timestamp: T0, key: utf8('k1'), value: utf8('v1'), headers: [] },
      {
        offset: 1n,
        timestamp: T0 + 5,
        key: null,
        value: utf8('hello'),
        headers: [
          { key: 'h', value: utf8('x') },
          { key: 'n', value: null },
        ],
      },
    ]);
  });

  it("decodes the Go original's Kafka 1.0 fixture (CRC 1911657255)", () => {
    const batch = Batch.unmarshal(GO_FIXTURE);
    expect(batch.crc).toBe(1911657255);
    expect(batch.baseOffset).toBe(3n);
    expect(batch.recordsCount).toBe(3);
    expect(batch.lastOffset).toBe(5n);
    const records = batch.readRecords();
    expect(records.map((r) => [r.offset, text(r.key), text(r.value)])).toEqual([
      [3n, null, 'm1'],
      [4n, null, 'm2'],
      [5n, null, 'm3'],
    ]);
    expect(records.every((r) => r.timestamp === batch.baseTimestamp)).toBe(true);
  });

  it('decodes the COMMIT marker: control record with coordinator epoch 5', () => {
    const batch = Batch.unmarshal(COMMIT_MARKER);
    expect(batch.baseOffset).toBe(42n);
    expect(batch.partitionLeaderEpoch).toBe(7);
    expect(batch.producerId).toBe(1000n);
    expect(batch.producerEpoch).toBe(3);
    expect(batch.isControl && batch.isTransactional).toBe(true);
    expect(readControlRecord(batch)).toEqual({
      version: 0,
      type: ControlRecordType.commit,
      coordinatorEpoch: 5,
    });
    expect(() => readControlRecord(Batch.unmarshal(VECTOR_91))).toThrow(CorruptBatchError);
  });

  it('verifies the CRC unless told not to', () => {
    const bad = VECTOR_91.slice();
    bad[80] = bad[80]! ^ 1;
    expect(() => Batch.unmarshal(bad)).toThrow(/CRC-32C mismatch: stored 0x861dcddb/);
    expect(() => Batch.unmarshal(bad)).toThrow(CorruptBatchError);
    expect(Batch.unmarshal(bad, { verifyCrc: false }).recordsCount).toBe(2);
  });

  it('does not cover baseOffset, batchLength, leader epoch or magic with the CRC', () => {
    const restamped = VECTOR_91.slice();
    restamped[7] = 9; // baseOffset 9
    restamped[15] = 4; // leader epoch
    const batch = Batch.unmarshal(restamped);
    expect(batch.baseOffset).toBe(9n);
    expect(batch.readRecords()[1]!.offset).toBe(10n);
  });

  it('rejects bad framing with typed errors', () => {
    expect(() => Batch.unmarshal(VECTOR_91.subarray(0, 16))).toThrow(/cannot hold a 61-byte batch header/);
    expect(() => Batch.unmarshal(VECTOR_91.subarray(0, 90))).toThrow(/batchLength 79 but 78 bytes follow/);
    const magic1 = VECTOR_91.slice();
    magic1[16] = 1;
    expect(() => Batch.unmarshal(magic1)).toThrow(/magic 1 is not a v2 batch/);
    const hugeCount = new Batch({ ...Batch.unmarshal(VECTOR_91).fields(), recordsCount: 5 }).marshal();
    expect(() => Batch.unmarshal(hugeCount)).toThrow(/recordsCount 5 impossible in 30 bytes/);
    const unsafeTime = VECTOR_91.slice();
    unsafeTime.set(hex('7f ff ff ff ff ff ff ff'), 27);
    expect(() => Batch.unmarshal(unsafeTime, { verifyCrc: false })).toThrow(/not a safe integer/);
  });

  it('enforces recordsCount while iterating', () => {
    const fewer = new Batch({ ...Batch.unmarshal(VECTOR_91).fields(), recordsCount: 1 });
    expect(() => fewer.readRecords()).toThrow(/19 bytes after the last record/);
    const more = new Batch({ ...Batch.unmarshal(GO_FIXTURE).fields(), recordsCount: 4 });
    expect(() => more.readRecords()).toThrow(/1 records missing/);
  });
});

describe('record access', () => {
  it('iterates lazily with zero-copy views', () => {
    const batch = Batch.unmarshal(VECTOR_91);
    const cursor = batch.cursor();
    const seen: string[] = [];
    while (cursor.next()) {
      seen.push(`${cursor.offset()}@${cursor.timestamp()}:${text(cursor.key())}=${text(cursor.value())}`);
      expect(cursor.value()!.buffer).toBe(VECTOR_91.buffer);
    }
    expect(seen).toEqual([`0@${T0}:k1=v1`, `1@${T0 + 5}:null=hello`]);
  });

  it('skips records below a fetch offset', () => {
    const batch = Batch.unmarshal(GO_FIXTURE);
    expect(batch.readRecords({ fromOffset: 4n }).map((r) => r.offset)).toEqual([4n, 5n]);
    expect(batch.readRecords({ fromOffset: 100n })).toEqual([]);
    expect(batch.readRecords({ fromOffset: -5n })).toHaveLength(3);
  });

  it('uses maxTimestamp for every record under LogAppendTime', () => {
    const fields = Batch.unmarshal(VECTOR_91).fields();
    const appended = new Batch({ ...fields, attributes: Attributes.logAppendTime, maxTimestamp: T0 + 999 });
    expect(
      Batch.unmarshal(appended.marshal())
        .readRecords()
        .map((r) => r.timestamp),
    ).toEqual([T0 + 999, T0 + 999]);
    expect(appended.isLogAppendTime).toBe(true);
  });
});

describe('producer fields', () => {
  it('sets producer id, epoch, base sequence and the transactional flag', () => {
    const batch = new Builder({ producerId: 1234567890123n, producerEpoch: 7, baseSequence: 2147483600 })
      .setTransactional(true)
      .add({ value: utf8('x'), timestamp: T0 })
      .build();
    const parsed = Batch.unmarshal(batch.marshal());
    expect([parsed.producerId, parsed.producerEpoch, parsed.baseSequence]).toEqual([
      1234567890123n,
      7,
      2147483600,
    ]);
    expect(parsed.attributes).toBe(Attributes.transactional);
    const next = new Builder()
      .setProducer({ producerId: 5n, producerEpoch: 0, baseSequence: 0 })
      .add({ value: null });
    expect(next.build().producerId).toBe(5n);
  });

  it('refuses out-of-range fields on marshal', () => {
    const fields = Batch.unmarshal(VECTOR_91).fields();
    expect(() => new Batch({ ...fields, producerEpoch: 40000 }).marshal()).toThrow(
      /producerEpoch out of int16/,
    );
    expect(() => new Batch({ ...fields, producerId: 1n << 63n }).marshal()).toThrow(/producerId/);
    expect(() => new Batch({ ...fields, baseTimestamp: 0.5 }).marshal()).toThrow(/safe integer/);
  });
});

describe('compression', () => {
  it('compresses the records section and decompresses it back', () => {
    const plain = vectorBuilder().build();
    const compressed = plain.compress(testGzip);
    expect(compressed.compression).toBe(CompressionType.gzip);
    expect(compressed.recordsCount).toBe(2);
    const wire = Batch.unmarshal(compressed.marshal());
    expect(() => wire.cursor()).toThrow(LkError);
    const back = wire.decompress(testGzip);
    expect(back.compression).toBe(CompressionType.none);
    expect(back.readRecords()).toEqual(plain.readRecords());
    expect(toHex(back.marshal())).toBe(toHex(VECTOR_91));
    expect(() => compressed.compress(testGzip)).toThrow(/already compressed/);
    expect(plain.decompress(testGzip)).toBe(plain);
  });

  it('enforces the decompressed size limit and the codec type', () => {
    const compressed = Batch.unmarshal(vectorBuilder().build().compress(testGzip).marshal());
    expect(() => compressed.decompress(testGzip, { maxOutputSize: 10 })).toThrow(DecompressError);
    expect(() => compressed.decompress({ ...testGzip, type: CompressionType.zstd })).toThrow(/type 1/);
    const unknown = new Batch({ ...compressed.fields(), attributes: 6 });
    expect(() => unknown.decompress(testGzip)).toThrow(/unknown compression type 6/);
  });

  it.each([0, 5, 9, -1, 1.5, Number.NaN])('refuses a compressor of type %s, sync and async', async (type) => {
    const plain = vectorBuilder().build();
    // Type 9 would set the LogAppendTime bit; type 0 would mark compressed bytes as uncompressed.
    const codec = { ...testGzip, type: type as typeof testGzip.type };
    const error = (() => {
      try {
        plain.compress(codec);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BatchConfigError);
    expect(error).toMatchObject({ code: 'LK_BATCH_CONFIG', option: 'compressor.type' });
    expect((error as Error).message).toMatch(/^compressor\.type: .* is not a compression type/);
    await expect(plain.compressAsync(codec)).rejects.toBeInstanceOf(BatchConfigError);
  });

  it('does not decompress a batch without records', () => {
    const empty = new Batch({
      ...Batch.unmarshal(VECTOR_91).fields(),
      attributes: 1,
      recordsCount: 0,
      records: hex('ff'),
    });
    expect(empty.decompress(testGzip).readRecords()).toEqual([]);
  });
});

describe('errors are lk errors', () => {
  it('CorruptBatchError is a DecodeError', () => {
    expect(new CorruptBatchError('LK_BATCH_CRC', 'y')).toBeInstanceOf(DecodeError);
    // @ts-expect-error: a misspelt code fails type-checking
    expect(new CorruptBatchError('LK_BATCH_CRC32', 'y').code).toBe('LK_BATCH_CRC32');
  });
});
