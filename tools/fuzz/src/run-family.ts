import { performance } from 'node:perf_hooks';
import { LkError } from '@lk/wire';
import type { Family } from './families.ts';
import { type Input, inputs } from './mutate.ts';

/** A failing input, printable and reproducible. */
export interface Failure {
  index: number;
  seed: number;
  how: string;
  problem: string;
  hex: string;
}

/** One family's counts. */
export interface FamilyResult {
  name: string;
  inputs: number;
  typedErrors: number;
  otherErrors: number;
  slowestMs: number;
  slowest: string;
  largestAllocation: number;
  /** Largest growth of the V8 heap over one input (garbage included: an upper bound). */
  largestHeapGrowth: number;
  failures: Failure[];
}

export const MAX_INPUT_MS = 1000;
/** No single input may grow the V8 heap by more (no decoder sizes an array from a count unchecked). */
export const MAX_HEAP_GROWTH = 64 * 1024 * 1024;
const SHOWN_FAILURES = 5;

/** The family's own stream of inputs: the run seed mixed with its name. */
export function familyInputs(family: Family, count: number, runSeed: number): Generator<Input> {
  let mix = runSeed >>> 0;
  for (const char of family.name) mix = (Math.imul(mix, 31) + char.charCodeAt(0)) >>> 0;
  return inputs(family.seeds, count, mix, family.reseal ?? false);
}

/**
 * Runs `count` inputs (at least) through the family's decoder. `progress[0]` is the index of
 * the input being decoded, for a watchdog in another thread.
 */
export function runFamily(
  family: Family,
  count: number,
  runSeed: number,
  progress?: Int32Array,
): FamilyResult {
  const result: FamilyResult = {
    name: family.name,
    inputs: 0,
    typedErrors: 0,
    otherErrors: 0,
    slowestMs: 0,
    slowest: '',
    largestAllocation: 0,
    largestHeapGrowth: 0,
    failures: [],
  };
  const fail = (index: number, input: Input, problem: string) => {
    if (result.failures.length < SHOWN_FAILURES) {
      const hex = Buffer.from(input.bytes.subarray(0, 4096)).toString('hex');
      result.failures.push({ index, seed: input.seed, how: input.how, problem, hex });
    }
  };
  let index = 0;
  for (const input of familyInputs(family, count, runSeed)) {
    if (progress) Atomics.store(progress, 0, index);
    const before = process.memoryUsage();
    const started = performance.now();
    let thrown: unknown = null;
    try {
      family.decode(input.bytes, input.seed);
    } catch (error) {
      thrown = error;
    }
    const ms = performance.now() - started;
    const after = process.memoryUsage();
    const allocated = after.arrayBuffers - before.arrayBuffers;
    const heapGrowth = after.heapUsed - before.heapUsed;
    result.inputs++;
    if (thrown instanceof LkError) result.typedErrors++;
    else if (thrown !== null) {
      result.otherErrors++;
      const error = thrown as Error;
      fail(index, input, `untyped ${error?.name}: ${error?.message}`);
    }
    if (ms > result.slowestMs) {
      result.slowestMs = ms;
      result.slowest = `#${index} ${input.how} (${input.bytes.length} bytes)`;
    }
    if (ms > MAX_INPUT_MS) fail(index, input, `took ${ms.toFixed(0)} ms`);
    result.largestAllocation = Math.max(result.largestAllocation, allocated);
    result.largestHeapGrowth = Math.max(result.largestHeapGrowth, heapGrowth);
    if (heapGrowth > MAX_HEAP_GROWTH) fail(index, input, `grew the heap by ${heapGrowth} bytes`);
    const limit = family.maxAllocation(input.bytes.length);
    if (allocated > limit)
      fail(index, input, `left ${allocated} bytes of ArrayBuffers allocated (limit ${limit})`);
    index++;
  }
  return result;
}
