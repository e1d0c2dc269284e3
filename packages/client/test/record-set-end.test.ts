import { Builder, concatBytes, readRecordSet } from '@lk/batch';
import { describe, expect, it } from 'vitest';
import { peekNextOffset } from '../src/record-set-end.ts';

/** A marshalled batch of `count` records at `baseOffset`. */
function batch(baseOffset: bigint, count: number): Uint8Array {
  const builder = new Builder();
  for (let i = 0; i < count; i++) builder.add({ value: new Uint8Array([i]) });
  const bytes = builder.build().marshal().slice();
  new DataView(bytes.buffer).setBigInt64(0, baseOffset); // outside the CRC-covered bytes
  return bytes;
}

describe('peekNextOffset', () => {
  it('matches readRecordSet on whole batches, a truncated tail and nothing', () => {
    const two = concatBytes([batch(10n, 3), batch(13n, 5)]);
    const cases = [two, concatBytes([two, batch(18n, 4).subarray(0, 40)]), batch(7n, 1), new Uint8Array(0)];
    for (const records of cases) {
      expect(peekNextOffset(records)).toBe(readRecordSet(records).nextOffset);
    }
    expect(peekNextOffset(two)).toBe(18n);
    expect(peekNextOffset(new Uint8Array(0))).toBeUndefined();
  });

  it('is undefined with a legacy entry, whose last offset needs decoding', () => {
    const legacy = new Uint8Array(26);
    const view = new DataView(legacy.buffer);
    view.setBigInt64(0, 20n);
    view.setInt32(8, 14); // size
    legacy[16] = 1; // magic
    expect(peekNextOffset(concatBytes([batch(10n, 3), legacy]))).toBeUndefined();
  });

  it('throws on a malformed entry length, as reading the records would', () => {
    const bad = batch(0n, 1);
    new DataView(bad.buffer).setInt32(8, 3);
    expect(() => peekNextOffset(bad)).toThrow(expect.objectContaining({ code: 'LK_RECORD_SET_LENGTH' }));
  });
});

describe('peekNextOffset on a v2 entry shorter than a batch header', () => {
  it('throws LK_BATCH_TRUNCATED as readRecordSet does, not a RangeError', () => {
    const entry = new Uint8Array(26);
    new DataView(entry.buffer).setInt32(8, 14); // length 14: a whole entry of 26 bytes
    entry[16] = 2; // magic
    const code = { code: 'LK_BATCH_TRUNCATED' };
    expect(() => readRecordSet(entry)).toThrow(expect.objectContaining(code));
    expect(() => peekNextOffset(entry)).toThrow(expect.objectContaining(code));
  });
});
