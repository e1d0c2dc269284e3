import { describe, expect, it } from 'vitest';
import { Batch, Builder, CorruptBatchError, stampBatch } from '../src/index.ts';

describe('stampBatch', () => {
  it('writes the base offset and leader epoch, and the CRC still holds', () => {
    const sent = new Builder()
      .add({ value: new TextEncoder().encode('v') })
      .build()
      .marshal()
      .slice();
    stampBatch(sent, 1234567890123n, 7);
    const stored = Batch.unmarshal(sent);
    expect(stored.baseOffset).toBe(1234567890123n);
    expect(stored.partitionLeaderEpoch).toBe(7);
    expect(stored.readRecords()[0]?.offset).toBe(1234567890123n);
  });

  it('refuses bytes shorter than a batch header', () => {
    expect(() => stampBatch(new Uint8Array(60), 0n, 0)).toThrow(CorruptBatchError);
  });
});
