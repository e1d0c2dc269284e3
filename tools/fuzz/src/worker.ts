// Runs one family in a worker thread, so the main thread can watch for an input that never ends.
import { parentPort, workerData } from 'node:worker_threads';
import { families } from './families.ts';
import { runFamily } from './run-family.ts';

const { name, count, seed, progress } = workerData as {
  name: string;
  count: number;
  seed: number;
  progress: SharedArrayBuffer;
};
const family = families().find((f) => f.name === name)!;
parentPort!.postMessage(runFamily(family, count, seed, new Int32Array(progress)));
