import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey, toPositive } from '../src/murmur2.ts';
import { choosePartitionFor } from '../src/partitioners.ts';
import { StickyPartitioner } from '../src/sticky.ts';

const utf8 = new TextEncoder();

/** A deterministic stand-in for Math.random: a fixed cycle of values. */
function cycle(...values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('murmur2', () => {
  // Values from Kafka's UtilsTest.testMurmur2 (the broker golden test compares 10,000 more keys).
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %s as the Java client does', (key, hash) => {
    expect(murmur2(utf8.encode(key))).toBe(hash);
  });

  it('makes hashes positive by clearing the sign bit, not with abs', () => {
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(0x7fffffff);
    expect(partitionForKey(utf8.encode('21'), 7)).toBe(toPositive(-973932308) % 7);
  });
});

describe('uniform sticky partitioner', () => {
  it('sticks to a partition until batchSize bytes went to it, then switches', () => {
    const sticky = new StickyPartitioner(100, () => null, cycle(0.5, 0.1));
    const first = sticky.partition('t', 6);
    expect(first).toBe(3);
    sticky.appended('t', first, 60, 6);
    expect(sticky.partition('t', 6)).toBe(3);
    sticky.appended('t', first, 40, 6);
    expect(sticky.partition('t', 6)).toBe(0);
  });

  it('ignores bytes counted for another partition', () => {
    const sticky = new StickyPartitioner(10, () => null, cycle(0));
    expect(sticky.partition('t', 4)).toBe(0);
    sticky.appended('t', 2, 100, 4);
    expect(sticky.partition('t', 4)).toBe(0);
  });

  it('prefers partitions with shorter queues and skips partitions without a leader', () => {
    // Queues 4, 0, -1 (no leader), 4: weights 1, 5, -, 1 over total 7.
    const loads = [4, 0, -1, 4];
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 700; i++) {
      const sticky = new StickyPartitioner(1, () => loads, cycle((i + 0.5) / 700));
      counts[sticky.partition('t', 4)]!++;
    }
    expect(counts).toEqual([100, 500, 0, 100]);
  });

  it('spreads keyless records evenly over time', () => {
    const sticky = new StickyPartitioner(1000, () => null);
    const bytes = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60_000; i++) {
      const p = sticky.partition('t', 6);
      bytes[p]! += 100;
      sticky.appended('t', p, 100, 6);
    }
    for (const b of bytes) expect(b / 1_000_000).toBeGreaterThan(0.1);
  });
});

describe('choosePartitionFor', () => {
  const sticky = () => new StickyPartitioner(16_384, () => null, cycle(0.99));
  const input = (key: string | null, partitionCount = 7) => ({
    topic: 't',
    key: key === null ? null : utf8.encode(key),
    value: null,
    partitionCount,
  });

  it('default: keys by murmur2, keyless records sticky', () => {
    const choose = choosePartitionFor('default', sticky());
    expect(choose(input('foobar'))).toBe(partitionForKey(utf8.encode('foobar'), 7));
    expect(choose(input(null))).toBe(6);
  });

  it('sticky ignores keys; round-robin turns through every partition', () => {
    expect(choosePartitionFor('sticky', sticky())(input('foobar'))).toBe(6);
    const roundRobin = choosePartitionFor('round-robin', sticky());
    expect(Array.from({ length: 8 }, () => roundRobin(input('k', 3)))).toEqual([0, 1, 2, 0, 1, 2, 0, 1]);
  });

  it('takes a user function', () => {
    const choose = choosePartitionFor(
      ({ value, partitionCount }) => (value?.length ?? 0) % partitionCount,
      sticky(),
    );
    expect(choose({ ...input(null), value: new Uint8Array(9) })).toBe(2);
  });
});
