import { describe, expect, it } from 'vitest';
import { BATCH_HEADER_SIZE, Builder, type RecordToAdd, recordSizeInBatch } from '../src/index.ts';

const utf8 = new TextEncoder();

describe('recordSizeInBatch', () => {
  const records: RecordToAdd[] = [
    {},
    { key: utf8.encode('k'), value: new Uint8Array(1000) },
    {
      value: new Uint8Array(70),
      headers: [
        { key: 'trace-é', value: utf8.encode('x') },
        { key: 'n', value: null },
      ],
    },
    { key: new Uint8Array(0), value: new Uint8Array(100_000) },
  ];

  it('adds up, with the header, to the size of the batch the Builder writes', () => {
    const timestamp = 1_700_000_000_000;
    const builder = new Builder();
    let expected = BATCH_HEADER_SIZE;
    records.forEach((record, i) => {
      builder.add({ ...record, timestamp: timestamp + i * 100 });
      expected += recordSizeInBatch(record, i, i * 100);
    });
    expect(builder.build().marshal().length).toBe(expected);
  });

  it('counts one record alone in a batch', () => {
    for (const record of records) {
      expect(new Builder().add(record).build().marshal().length).toBe(
        BATCH_HEADER_SIZE + recordSizeInBatch(record),
      );
    }
  });
});
