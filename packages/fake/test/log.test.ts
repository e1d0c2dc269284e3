// PartitionLog: batches kept where they arrived or stored end to end in segments, Fetch reads as
// views of them (never a copy), retention by bytes dropping the oldest batches and moving the log start.
import { Batch, splitRecordSet, stampBatch } from '@lk/batch';
import { concatBytes } from '@lk/wire';
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
  it('answers reads with views of the stored bytes: batches adjacent in a segment are one view', () => {
    const log = new PartitionLog();
    fill(log, 400, 50); // about 1 KiB each: segments of 16, 32, 64 ... KiB
    const segments = new Set(log.batches.map((b) => b.bytes.buffer));
    expect(segments.size).toBeGreaterThan(2);
    const all = log.read(0n, 1 << 30, true)!;
    // One view per segment, each of a segment's memory: nothing was copied to answer.
    expect(all).toHaveLength(segments.size);
    expect(new Set(all.map((v) => v.buffer))).toEqual(segments);
    expect(total(all)).toBe(log.size);
    expect(countRecords(all, 0n)).toBe(20_000n);
    // From an offset inside a batch: the answer starts at that batch's first byte.
    const third = log.batches[2]!;
    const from = log.read(third.baseOffset + 7n, 1 << 30, true)!;
    expect(from[0]!.byteOffset).toBe(third.bytes.byteOffset);
    expect(countRecords(from, third.baseOffset)).toBe(20_000n - third.baseOffset);
    expect(log.read(log.highWatermark, 1 << 30, true)).toBeNull();
  });

  it('keeps a handed-over batch where it arrived when it is most of its buffer, else copies it', () => {
    const log = new PartitionLog();
    const large = batchBytes(2000).slice(); // about 20 KiB, alone in its memory (a request frame's)
    expect(log.store(large, true)).toBe(large);
    const framed = new Uint8Array(large.length + 64); // with a request header before it
    framed.set(large, 64);
    const inFrame = framed.subarray(64);
    expect(log.store(inFrame, true)).toBe(inFrame);
    const small = batchBytes(5);
    const chunk = new Uint8Array(64 * 1024); // a small batch inside a read chunk: copied out
    chunk.set(small, 100);
    const inChunk = chunk.subarray(100, 100 + small.length);
    const stored = log.store(inChunk, true);
    expect(stored.buffer).not.toBe(chunk.buffer);
    expect(Array.from(stored)).toEqual(Array.from(small));
    // Not handed over (a test's own bytes, cluster.append): always copied.
    const own = batchBytes(2000);
    expect(log.store(own).buffer).not.toBe(own.buffer);
  });

  it('respects maxBytes but always returns the first batch when asked (KIP-74)', () => {
    const log = new PartitionLog();
    fill(log, 3, 50);
    const one = log.batches[0]!.bytes.length;
    expect(total(log.read(0n, one * 2, false)!)).toBe(one * 2);
    expect(log.read(0n, 10, false)).toBeNull();
    expect(total(log.read(0n, 10, true)!)).toBe(one);
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
    expect(log.read(0n, 1 << 20, true)![0]!.byteOffset).toBe(log.live[0]!.bytes.byteOffset);
  });
});

const total = (views: readonly Uint8Array[]): number => views.reduce((n, v) => n + v.length, 0);

/** The records in a record set whose first batch starts at `offset`, checking each batch's base offset. */
function countRecords(views: readonly Uint8Array[], offset: bigint): bigint {
  let next = offset;
  for (const entry of splitRecordSet(concatBytes(views))) {
    const batch = Batch.unmarshal(entry);
    expect(batch.baseOffset).toBe(next);
    next += BigInt(batch.recordsCount);
  }
  return next - offset;
}
