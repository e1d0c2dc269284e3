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
  it('answers large reads with views of one segment, small ones across segments', () => {
    const log = new PartitionLog();
    fill(log, 400, 50); // about 1 KiB each: segments of 16, 32, 64 ... KiB
    const segments = new Set(log.batches.map((b) => b.bytes.buffer));
    expect(segments.size).toBeGreaterThan(2);
    // Below 1 MiB an answer goes on across segments: everything in one read, as one record set.
    const all = log.read(0n, 1 << 30, true)!;
    expect(all.length).toBe(log.size);
    expect(countRecords(all, 0n)).toBe(20_000n);
    fill(log, 300, 2000); // about 6 MiB more, in batches of about 20 KiB: segments of up to 16 MiB
    let offset = 0n;
    let views = 0;
    while (offset < log.highWatermark) {
      const records = log.read(offset, 1 << 30, true)!;
      const first = log.batches[log.indexAt(offset)]!.bytes;
      if (records.buffer === first.buffer) {
        // A view into one segment, ending at its end at the latest: no copy was made.
        expect(records.byteOffset).toBe(first.byteOffset);
        expect(records.byteOffset + records.length).toBeLessThanOrEqual(first.buffer.byteLength);
        views++;
      }
      offset += countRecords(records, offset);
    }
    // Every answer but those that began less than 1 MiB before a segment's end was a view.
    expect(views).toBeGreaterThan(0);
    expect(offset).toBe(620_000n);
    expect(log.read(offset, 1 << 30, true)).toBeNull();
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

/** The records in a record set whose first batch starts at `offset`, checking each batch's base offset. */
function countRecords(records: Uint8Array, offset: bigint): bigint {
  let next = offset;
  for (const entry of splitRecordSet(records)) {
    const batch = Batch.unmarshal(entry);
    expect(batch.baseOffset).toBe(next);
    next += BigInt(batch.recordsCount);
  }
  return next - offset;
}
