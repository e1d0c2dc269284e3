// lk's module policy, tested: every published package is ESM without top-level await, so it
// loads with `import` and with `require()` (Node's require of ESM, unflagged since 20.19 and
// 22.12) on Node 20, 22 and 24, from its BUILT dist/ as an installed package. Run `pnpm build` first.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const nodes = [
  ['20', process.env.LK_NODE20 ?? join(root, '.tools/node20/node_modules/.bin/node')],
  ['22', process.env.LK_NODE22 ?? join(root, '.tools/node22/node_modules/.bin/node')],
  ['24', process.execPath],
] as const;
const packages = readdirSync(join(root, 'packages'))
  .sort()
  .map((dir) => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')))
  .filter((manifest) => !manifest.private)
  // Every entry point: the package, and its subpaths (@lk/api/broker).
  .flatMap((manifest) =>
    Object.keys(manifest.exports as Record<string, unknown>)
      .filter((entry) => entry !== './package.json')
      .map((entry) => `${manifest.name}${entry.slice(1)}`),
  );

// Each loader prints the number of exports it got; none may be zero.
const loaders = {
  import: (name: string) => [
    '--input-type=module',
    '-e',
    `const m = await import('${name}'); console.log(Object.keys(m).length);`,
  ],
  require: (name: string) => ['-e', `console.log(Object.keys(require('${name}')).length);`],
};

let failed = 0;
console.log(
  `${'package'.padEnd(20)} ${nodes.map(([major]) => `node ${major} import/require`.padEnd(26)).join('')}`,
);
for (const name of packages) {
  const cells: string[] = [];
  for (const [major, node] of nodes) {
    const results: string[] = [];
    for (const [how, args] of Object.entries(loaders)) {
      try {
        // From the examples package, which depends on every lk package, as an application would.
        const count = Number(
          execFileSync(node, args(name), {
            cwd: join(root, 'examples'),
            encoding: 'utf8',
            stdio: 'pipe',
          }).trim(),
        );
        if (!(count > 0)) throw new Error(`no exports through ${how}`);
        results.push('ok');
      } catch (error) {
        failed++;
        results.push('FAIL');
        const e = error as { stderr?: string; message: string };
        console.log(
          `FAIL ${name} ${how} on Node ${major}: ${(e.stderr ?? e.message).split('\n').find((l) => /Error|error/.test(l)) ?? e.message}`,
        );
      }
    }
    cells.push(results.join('/').padEnd(26));
  }
  console.log(`${name.padEnd(20)} ${cells.join('')}`);
}
if (failed > 0) {
  console.error(`${failed} load(s) failed`);
  process.exit(1);
}
