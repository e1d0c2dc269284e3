// Runs every package's test/node20-smoke.mjs on Node 20 against the BUILT package (dist/), proving
// the published code works on the oldest Node lk supports. Run `pnpm build` first.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const node20 = process.env.LK_NODE20 ?? join(root, '.tools/node20/node_modules/.bin/node');
const version = execFileSync(node20, ['--version'], { encoding: 'utf8' }).trim();
if (!version.startsWith('v20.')) throw new Error(`expected Node 20 at ${node20}, got ${version}`);

let passed = 0;
let failed = 0;
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const smoke = join(root, 'packages', dir, 'test', 'node20-smoke.mjs');
  if (!existsSync(smoke)) continue;
  try {
    const output = execFileSync(node20, [smoke], {
      cwd: join(root, 'packages', dir),
      encoding: 'utf8',
      stdio: 'pipe',
    });
    passed++;
    console.log(`ok   ${dir} on ${version}${output.trim() ? `: ${output.trim()}` : ''}`);
  } catch (error) {
    failed++;
    const e = error as { stdout?: string; stderr?: string };
    console.log(`FAIL ${dir} on ${version}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
// The same counts for scripts/test-summary.ts, in the shape vitest's JSON reporter uses.
mkdirSync(join(root, '.test-results'), { recursive: true });
const counts = { numPassedTests: passed, numFailedTests: failed, numPendingTests: 0 };
writeFileSync(join(root, '.test-results/node20-smoke.json'), JSON.stringify(counts));
if (failed > 0 || passed === 0) process.exit(1);
