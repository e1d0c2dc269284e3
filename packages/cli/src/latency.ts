// Latency samples and their percentiles (nearest rank), as Kafka's perf tools print them.

export class Latencies {
  private samples = new Float64Array(1024);
  private count = 0;

  add(ms: number): void {
    if (this.count === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.count++] = ms;
  }

  get size(): number {
    return this.count;
  }

  /** avg, max and the 50th, 95th, 99th and 99.9th percentiles in ms (all 0 without samples). */
  summary(): { avg: number; max: number; p50: number; p95: number; p99: number; p999: number } {
    const sorted = this.samples.slice(0, this.count).sort();
    const at = (q: number) =>
      sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    let sum = 0;
    for (const v of sorted) sum += v;
    return {
      avg: sorted.length === 0 ? 0 : sum / sorted.length,
      max: sorted.length === 0 ? 0 : sorted[sorted.length - 1]!,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      p999: at(0.999),
    };
  }
}
