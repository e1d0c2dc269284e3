// PartitionLog: batches stored end to end in segments, Fetch reads as views of them (never across a
// segment, as Kafka's), retention by bytes dropping the oldest batches and moving the log start.
import { Batch, splitRecordSet, stampBatch } from '@lk/batch';
import { describe, expect, it } from 'vitest';
import { PartitionLog } from '../src/log.ts';
import { batchBytes } from './helpers/requests.ts';

/** Appends `count` batches of `records` records each, stamped as the Produce path does. */
function fill(log: PartitionLog, count: number, records: number): void {
  for (let i = 0; i < count; i++) {
    const bytes = log.store(batchBytes(records));
    const baseOffset = log.highWatermark;
    stampBatch(bytes, baseOffset, 0);
    log.append({
      baseOffset,
      lastOffset: baseOffset + BigInt(records - 1),
      leaderEpoch: 0,
      maxTimestamp: 0,
      bytes,
    });
  }
}

describe('PartitionLog', () => {
  it('answers reads with views of the stored bytes, one segment at most, until every batch was read', () => {
    const log = new PartitionLog();
    fill(log, 400, 50); // about 300 bytes each: several segments of growing size
    const segments = new Set(log.batches.map((b) => b.bytes.buffer));
    expect(segments.size).toBeGreaterThan(2);
    let offset = 0n;
    let reads = 0;
    while (offset < log.highWatermark) {
      const records = log.read(offset, 1 << 20, true)!;
      // A view into one segment: no copy was made.
      expect(segments.has(records.buffer)).toBe(true);
      const first = log.batches[log.indexAt(offset)]!.bytes;
      expect(records.byteOffset).toBe(first.byteOffset);
      for (const entry of splitRecordSet(records)) {
        const batch = Batch.unmarshal(entry);
        expect(batch.baseOffset).toBe(offset);
        offset += BigInt(batch.recordsCount);
      }
      reads++;
    }
    expect(offset).toBe(20_000n);
    expect(reads).toBe(segments.size);
    expect(log.read(offset, 1 << 20, true)).toBeNull();
  });

  it('respects maxBytes but always returns the first batch when asked (KIP-74)', () => {
    const log = new PartitionLog();
    fill(log, 3, 50);
    const one = log.batches[0]!.bytes.length;
    expect(log.read(0n, one * 2, false)!.length).toBe(one * 2);
    expect(log.read(0n, 10, false)).toBeNull();
    expect(log.read(0n, 10, true)!.length).toBe(one);
  });

  it('keeps at most retention bytes: the oldest batches go, the log start moves to the first kept', () => {
    const log = new PartitionLog();
    fill(log, 100, 50);
    const size = log.batches[0]!.bytes.length;
    log.retain(size * 10);
    expect(log.size).toBeLessThanOrEqual(size * 10);
    expect(log.live).toHaveLength(10);
    expect(log.logStartOffset).toBe(90n * 50n);
    expect(log.live[0]!.baseOffset).toBe(log.logStartOffset);
    expect(log.read(0n, 1 << 20, true)!.byteOffset).toBe(log.live[0]!.bytes.byteOffset);
  });
});
