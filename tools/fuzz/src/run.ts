// pnpm fuzz [-- --seed N --inputs 10000 --family Metadata]: every family in turn, each in a worker
// thread under a watchdog. Prints per family: inputs, typed errors, other errors, the slowest
// input and the largest allocation; a failing input with its run seed, index and bytes (hex).
// Exit code 1 on any untyped error, input slower than 1 s, allocation over the family's limit, or
// an input that does not end.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { families } from './families.ts';
import { type FamilyResult, familyInputs, MAX_INPUT_MS } from './run-family.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    seed: { type: 'string', default: String(Date.now() % 2 ** 31) },
    inputs: { type: 'string', default: '10000' },
    family: { type: 'string' },
  },
});
const seed = Number(values.seed);
const count = Number(values.inputs);
const HANG_MS = 10_000;
/**
 * A worker's start (loading the decoders, building its first input) before input #0 begins: not
 * an input's time. A fresh-clone CI run at load 45 took over 10 s for it and failed 8 families on
 * their "input #0" (the empty input), which decoded in microseconds once the worker was up.
 */
const STARTUP_MS = 120_000;
/** `progress[0]` before the worker starts its first input. */
const NOT_STARTED = -1;
const log = (line: string) => process.stdout.write(`${line}\n`);

function runInWorker(name: string): Promise<FamilyResult> {
  const progress = new SharedArrayBuffer(4);
  const worker = new Worker(new URL('./worker.ts', import.meta.url), {
    workerData: { name, count, seed, progress },
  });
  const index = new Int32Array(progress);
  Atomics.store(index, 0, NOT_STARTED);
  return new Promise((resolve, reject) => {
    let last = NOT_STARTED;
    let since = performance.now();
    const watchdog = setInterval(() => {
      const now = Atomics.load(index, 0);
      if (now !== last) {
        last = now;
        since = performance.now();
      } else if (performance.now() - since > (now === NOT_STARTED ? STARTUP_MS : HANG_MS)) {
        clearInterval(watchdog);
        void worker.terminate();
        const family = families().find((f) => f.name === name)!;
        let i = 0;
        for (const input of familyInputs(family, count, seed)) {
          if (i++ === now) {
            const hex = Buffer.from(input.bytes.subarray(0, 4096)).toString('hex');
            resolve({
              name,
              inputs: now + 1,
              typedErrors: 0,
              otherErrors: 1,
              slowestMs: HANG_MS,
              slowest: `#${now} ${input.how}`,
              largestAllocation: 0,
              largestHeapGrowth: 0,
              failures: [
                { index: now, seed: input.seed, how: input.how, problem: `no end after ${HANG_MS} ms`, hex },
              ],
            });
            return;
          }
        }
      }
    }, 500);
    worker.once('message', (result: FamilyResult) => {
      clearInterval(watchdog);
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', (error) => {
      clearInterval(watchdog);
      reject(error);
    });
  });
}

const selected = families().filter((f) => values.family === undefined || f.name === values.family);
log(`fuzz: seed ${seed}, at least ${count} inputs per family, ${selected.length} families`);
const started = performance.now();
const results: FamilyResult[] = [];
const pad = (text: string | number, width: number) => String(text).padStart(width);
log(
  `${'family'.padEnd(26)}${pad('inputs', 8)}${pad('typed', 8)}${pad('other', 7)}${pad('slowest ms', 12)}${pad('largest alloc', 15)}${pad('heap growth', 13)}  slowest input`,
);
for (const family of selected) {
  const r = await runInWorker(family.name);
  results.push(r);
  log(
    `${r.name.padEnd(26)}${pad(r.inputs, 8)}${pad(r.typedErrors, 8)}${pad(r.otherErrors, 7)}${pad(r.slowestMs.toFixed(2), 12)}${pad(
      `${(r.largestAllocation / 1024).toFixed(0)} KiB`,
      15,
    )}${pad(`${(r.largestHeapGrowth / 2 ** 20).toFixed(1)} MiB`, 13)}  ${r.slowest}`,
  );
  for (const f of r.failures) {
    log(`  FAIL ${r.name} input #${f.index} (run seed ${seed}, from seed ${f.seed}, ${f.how}): ${f.problem}`);
    log(`    bytes: ${f.hex}`);
  }
}
const total = results.reduce((n, r) => n + r.inputs, 0);
const failed = results.filter(
  (r) => r.failures.length > 0 || r.otherErrors > 0 || r.slowestMs > MAX_INPUT_MS,
);
log(
  `${total} inputs in ${((performance.now() - started) / 1000).toFixed(1)} s; reproduce with: pnpm fuzz -- --seed ${seed}`,
);
if (failed.length > 0) {
  log(`FUZZ FAILED: ${failed.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
log('fuzz passed');
