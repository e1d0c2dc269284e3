/** @lk/fuzz: the decoders fuzzed on every CI run (`pnpm fuzz`), for tests that want a family. */
export { type Family, families } from './families.ts';
export { type Input, inputs, reseal } from './mutate.ts';
export { type Failure, type FamilyResult, familyInputs, runFamily } from './run-family.ts';
