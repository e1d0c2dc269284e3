// The runtime-neutral packages (varint, wire, record, batch, api: no Node API) run their unit
// tests on Bun and on Deno too: the same vitest suites, with vitest itself running on that
// runtime (Bun with worker threads: its child processes lack what vitest's forks pool needs).
// Both runtimes are installed into .tools by scripts/setup.sh from the npm registry.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const vitest = join(root, 'node_modules/vitest/vitest.mjs');
const packages = ['varint', 'wire', 'record', 'batch', 'api'].map((name) => `packages/${name}/`);
const runtimes = [
  [
    'bun',
    process.env.LK_BUN ?? join(root, '.tools/bun/node_modules/.bin/bun'),
    [vitest, 'run', '--pool', 'threads'],
  ],
  [
    'deno',
    process.env.LK_DENO ?? join(root, '.tools/deno/node_modules/.bin/deno'),
    ['run', '-A', vitest, 'run'],
  ],
] as const;

let failed = 0;
for (const [name, binary, args] of runtimes) {
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).split('\n')[0];
  try {
    // The api fuzz test runs 890,000 decodes: give a slower runtime room on a busy machine.
    const run = [...args, '--project', 'unit', '--testTimeout', '180000', ...packages];
    execFileSync(binary, run, { cwd: root, stdio: 'inherit' });
    console.log(`ok   unit tests of ${packages.length} packages on ${name} ${version}`);
  } catch {
    failed++;
    console.log(`FAIL unit tests on ${name} ${version}`);
  }
}
if (failed > 0) process.exit(1);
