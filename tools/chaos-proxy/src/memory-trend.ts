// Whether a series of memory samples (taken after warm-up, after a forced GC) grows: the soak's
// leak check. A single lowest sample against the last one flakes: RSS keeps settling for minutes
// as the allocator takes memory it then reuses (a quiet 2-minute run drifted 14% with the heap
// flat). So the check compares the first third of the samples (their median) with the lowest of
// the last third: a leak raises even the lowest late sample, a single spike (a large response held
// while sampling) does not.

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The growth from the first third of the samples (median) to the last third (lowest). */
export interface MemoryTrend {
  first: number;
  last: number;
  /** `last - first`, in the samples' unit. */
  growth: number;
  /** `last / first - 1`. */
  ratio: number;
}

/** The trend of `samples` in time order (at least 2; fewer give no growth). */
export function memoryTrend(samples: readonly number[]): MemoryTrend {
  if (samples.length < 2) {
    const only = samples[0] ?? 0;
    return { first: only, last: only, growth: 0, ratio: 0 };
  }
  const third = Math.max(1, Math.floor(samples.length / 3));
  const first = median(samples.slice(0, third));
  const last = Math.min(...samples.slice(samples.length - third));
  return { first, last, growth: last - first, ratio: first > 0 ? last / first - 1 : 0 };
}

/** A leak: grown by more than `ratio` of the start AND more than `floor` (noise of small values). */
export function grows(trend: MemoryTrend, bound: { ratio: number; floor: number }): boolean {
  return trend.ratio > bound.ratio && trend.growth > bound.floor;
}
