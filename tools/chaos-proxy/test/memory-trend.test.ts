import { describe, expect, it } from 'vitest';
import { grows, memoryTrend } from '../src/memory-trend.ts';

const bound = { ratio: 0.25, floor: 8 };

describe('memoryTrend', () => {
  it('lets settling and single spikes pass: RSS settling after warm-up, and a spike at the end', () => {
    // Shaped like RSS after warm-up in a quiet 2-minute run: the old check (last against lowest)
    // read 14% from such a series.
    const settling = [262.1, 270.4, 281.9, 276.3, 290.0, 298.8, 291.7];
    expect(memoryTrend(settling).ratio).toBeLessThan(0.14);
    expect(grows(memoryTrend(settling), { ratio: 0.25, floor: 32 })).toBe(false);
    const spike = [12.1, 12.4, 12.2, 12.3, 12.0, 12.2, 40];
    expect(grows(memoryTrend(spike), bound)).toBe(false);
  });

  it('catches steady growth, also when small values would pass a ratio alone', () => {
    const leak = Array.from({ length: 9 }, (_, i) => 20 + 4 * i);
    const trend = memoryTrend(leak);
    expect(trend.first).toBe(24);
    expect(trend.last).toBe(44); // the lowest of 44, 48, 52
    expect(grows(trend, bound)).toBe(true);
    // 50% of 4 MiB is 2 MiB: below the floor, noise rather than a leak.
    expect(grows(memoryTrend([4, 4, 4, 5, 6, 6]), bound)).toBe(false);
  });

  it('gives no growth for fewer than 2 samples', () => {
    expect(memoryTrend([]).growth).toBe(0);
    expect(memoryTrend([100]).growth).toBe(0);
  });
});
