import { type Batch, BatchBuffer } from '@lk/batch';
import { gzip } from '@lk/compress-gzip';
import { partitionForKey } from '@lk/producer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecordBatcher, type RecordBatcherOptions } from '../src/record-batcher.ts';

const T0 = 1_700_000_000_000;
const bytes = (s: string) => new TextEncoder().encode(s);

/** A batcher whose shipped batches are kept as [partition, batch, memory]. */
function batcher(options: Partial<RecordBatcherOptions> = {}) {
  const sent: { partition: number; batch: Batch; memory: BatchBuffer | null }[] = [];
  const given: BatchBuffer[] = [];
  const b = new RecordBatcher({
    topic: 't',
    partitionCount: 3,
    partition: undefined,
    partitioner: 'default',
    batchSize: 1000,
    lingerMs: 0,
    headers: [],
    compression: null,
    takeBuffer: () => new BatchBuffer(1000),
    giveBuffer: (buffer) => given.push(buffer),
    send: (partition, batch, memory) => sent.push({ partition, batch, memory }),
    loads: () => [0, 0, 0],
    ...options,
  });
  return { b, sent, given };
}

const values = (batch: Batch) => batch.readRecords().map((r) => new TextDecoder().decode(r.value!));

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('RecordBatcher', () => {
  it('puts keyed records where the producer puts them (murmur2), one batch per partition', () => {
    const { b, sent } = batcher();
    const keys = ['a', 'b', 'c', 'd', 'e', 'f'];
    for (const k of keys) b.add(bytes(k), bytes(`v-${k}`), T0);
    expect(sent).toHaveLength(0); // nothing full yet, no linger: shipped at the chunk's end
    b.chunkDone();
    const where = new Map(sent.map((s) => [s.partition, values(s.batch)]));
    for (const k of keys) expect(where.get(partitionForKey(bytes(k), 3))).toContain(`v-${k}`);
    expect(sent.reduce((n, s) => n + s.batch.recordsCount, 0)).toBe(keys.length);
  });

  it('sticks to one partition for keyless records until its batch is full, then moves on', () => {
    // The sticky partitioner's random picks: partitions 0, then 1, then 2.
    const picks = [0.1, 0.6, 0.9];
    vi.spyOn(Math, 'random').mockImplementation(() => picks.shift() ?? 0.5);
    const { b, sent } = batcher({ batchSize: 61 + 5 * 109 });
    for (let i = 0; i < 12; i++) b.add(null, bytes(String(i).padStart(100, '0')), T0);
    b.flush();
    // Full batches of 5 (109 bytes each), the record that did not fit opens the next partition's.
    expect(sent.map((s) => [s.partition, s.batch.recordsCount])).toEqual([
      [0, 5],
      [1, 5],
      [2, 2],
    ]);
    expect(sent.flatMap((s) => values(s.batch)).map(Number)).toEqual([...Array(12).keys()]);
  });

  it('loses no keyless record when the partition it moves on to has a full batch of keyed ones', () => {
    const key = bytes('k');
    const keyed = partitionForKey(key, 2);
    // Sticky starts on the other partition, then can only move on to the keyed one.
    const picks = keyed === 0 ? [0.9, 0.1] : [0.1, 0.9];
    vi.spyOn(Math, 'random').mockImplementation(() => picks.shift() ?? 0.5);
    const { b, sent } = batcher({ partitionCount: 2, loads: () => [0, 0], batchSize: 61 + 3 * 110 });
    const value = (i: number) => bytes(String(i).padStart(100, '0'));
    for (let i = 0; i < 3; i++) b.add(key, value(i), T0); // 110 bytes each: the keyed batch is full
    for (let i = 3; i < 7; i++) b.add(null, value(i), T0); // the 4th keyless record moves on
    b.flush();
    expect(sent.reduce((n, s) => n + s.batch.recordsCount, 0)).toBe(7);
    expect(
      sent
        .flatMap((s) => values(s.batch))
        .map(Number)
        .sort((x, y) => x - y),
    ).toEqual([...Array(7).keys()]);
    expect(sent.map((s) => [s.partition, s.batch.recordsCount])).toEqual([
      [1 - keyed, 3],
      [keyed, 3],
      [keyed, 1],
    ]);
  });

  it('sends to the fixed partition, or round-robin in turn', () => {
    const fixed = batcher({ partition: 2 });
    fixed.b.add(bytes('k'), bytes('v'), T0);
    fixed.b.add(null, bytes('w'), T0);
    fixed.b.flush();
    expect(fixed.sent.map((s) => [s.partition, s.batch.recordsCount])).toEqual([[2, 2]]);
    const turns = batcher({ partitioner: 'round-robin' });
    for (let i = 0; i < 4; i++) turns.b.add(bytes('same key'), bytes(`${i}`), T0);
    turns.b.flush();
    expect(turns.sent.map((s) => [s.partition, values(s.batch)])).toEqual([
      [0, ['0', '3']],
      [1, ['1']],
      [2, ['2']],
    ]);
  });

  it('ships a batch lingerMs after its first record, with the headers and timestamps given', () => {
    vi.useFakeTimers();
    const { b, sent } = batcher({ lingerMs: 5, partition: 0, headers: [{ key: 'h', value: bytes('x') }] });
    b.add(null, bytes('one'), T0);
    b.add(null, bytes('two'), T0 + 3);
    b.chunkDone(); // lingering: not at the chunk's end
    expect(sent).toHaveLength(0);
    vi.advanceTimersByTime(5);
    expect(sent).toHaveLength(1);
    const [first, second] = sent[0]!.batch.readRecords();
    expect([first!.timestamp, second!.timestamp]).toEqual([T0, T0 + 3]);
    expect(first!.headers.map((h) => h.key)).toEqual(['h']);
    b.flush(); // nothing open: no empty batch
    expect(sent).toHaveLength(1);
  });

  it('compresses shipped batches and gives their plain memory back at once', () => {
    const { b, sent, given } = batcher({ compression: gzip(), partition: 1 });
    for (let i = 0; i < 3; i++) b.add(null, bytes('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'), T0);
    b.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.memory).toBeNull();
    expect(given).toHaveLength(1);
    expect(sent[0]!.batch.compression).toBe(1);
    expect(values(sent[0]!.batch.decompress(gzip()))).toHaveLength(3);
  });
});
