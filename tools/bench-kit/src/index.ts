// A small benchmark runner for `pnpm bench`. These machines are noisy (2 shared cores), so every case
// runs in interleaved rounds and reports the median round, and each peer is shown as a ratio to lk
// measured in the same process and run.

export interface BenchCase {
  /** Library or variant, e.g. 'lk', 'kafkajs', 'platformatic'. The first case is the baseline. */
  name: string;
  /** One operation. May be async. Return a value to keep the work from being optimised away. */
  run: () => unknown;
  /** Bytes of payload one operation handles, for MB/s. */
  bytesPerOp?: number;
  /** Records one operation handles, for records/s. */
  recordsPerOp?: number;
}

export interface BenchResult {
  name: string;
  medianMs: number;
  opsPerSec: number;
  mbPerSec?: number;
  recordsPerSec?: number;
  ratio: number;
}

export interface BenchOptions {
  /** Rounds per case (interleaved across cases); the median is reported. */
  rounds?: number;
  /** Minimum time per round in ms; operations repeat until it is reached. */
  minRoundMs?: number;
  /** Warm-up time per case in ms. */
  warmupMs?: number;
}

let sink: unknown;

async function timeRound(c: BenchCase, minMs: number): Promise<number> {
  let ops = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    const result = c.run();
    sink = result instanceof Promise ? await result : result;
    ops++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return elapsed / ops;
}

/** Runs the cases of one workload and prints a table; returns the results for further reporting. */
export async function bench(
  title: string,
  cases: BenchCase[],
  options: BenchOptions = {},
): Promise<BenchResult[]> {
  const rounds = options.rounds ?? 7;
  const minRoundMs = options.minRoundMs ?? 200;
  const warmupMs = options.warmupMs ?? 300;
  for (const c of cases) await timeRound(c, warmupMs);
  const samples = cases.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < cases.length; i++) samples[i]!.push(await timeRound(cases[i]!, minRoundMs));
  }
  const medians = samples.map((s) => [...s].sort((a, b) => a - b)[Math.floor(s.length / 2)]!);
  const results = cases.map((c, i): BenchResult => {
    const ms = medians[i]!;
    const result: BenchResult = { name: c.name, medianMs: ms, opsPerSec: 1000 / ms, ratio: medians[0]! / ms };
    if (c.bytesPerOp !== undefined) result.mbPerSec = c.bytesPerOp / 1e6 / (ms / 1000);
    if (c.recordsPerOp !== undefined) result.recordsPerSec = c.recordsPerOp / (ms / 1000);
    return result;
  });
  printTable(title, results);
  void sink;
  return results;
}

function printTable(title: string, results: BenchResult[]): void {
  const rows = results.map((r) => [
    r.name,
    r.medianMs < 1 ? `${(r.medianMs * 1000).toFixed(1)} µs` : `${r.medianMs.toFixed(2)} ms`,
    r.mbPerSec === undefined ? '' : `${r.mbPerSec.toFixed(0)} MB/s`,
    r.recordsPerSec === undefined ? '' : `${(r.recordsPerSec / 1e6).toFixed(2)} M rec/s`,
    `${r.ratio.toFixed(2)}x`,
  ]);
  console.log(`\n### ${title}\n`);
  console.log('| library | median/op | payload | records | vs first |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

export { cpuSecondsOf, watchCpuSeconds } from './cpu-time.ts';
export { watchPeakRss } from './peak-rss.ts';
