// A release rehearsal: `changeset version` on a throwaway copy of the repository (so the real
// changesets stay unconsumed) must succeed and move every package that has changesets, and
// `pnpm publish --dry-run -r` must pack and "publish" every public package. Run `pnpm build` first.
import { execFileSync } from 'node:child_process';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: 'pipe' });

// The tracked and new files of the working tree, without node_modules or build output.
const copy = mkdtempSync(join(tmpdir(), 'lk-release-'));
try {
  const files = run('git', ['ls-files', '-co', '--exclude-standard'], root)
    .split('\n')
    .filter((f) => f !== '');
  for (const file of files) {
    if (!lstatSync(join(root, file)).isFile()) continue; // e.g. a .tools symlink
    mkdirSync(join(copy, dirname(file)), { recursive: true });
    cpSync(join(root, file), join(copy, file));
  }
  const pending = readdirSync(join(copy, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
  const before = versions(copy);
  run(join(root, 'node_modules/.bin/changeset'), ['version'], copy);
  const after = versions(copy);
  const moved = [...after].filter(([name, version]) => before.get(name) !== version);
  if (pending.length > 0 && moved.length === 0)
    throw new Error(`${pending.length} changesets moved no version`);
  const left = readdirSync(join(copy, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
  if (left.length > 0) throw new Error(`changeset version left ${left.join(', ')}`);
  console.log(
    `ok   changeset version: ${pending.length} changesets, ${moved.map(([n, v]) => `${n}@${v}`).join(', ') || 'nothing to release'}`,
  );
} finally {
  rmSync(copy, { recursive: true, force: true });
}

const published = run('pnpm', ['publish', '--dry-run', '-r', '--no-git-checks'], root);
const names = [...published.matchAll(/^\+ (@lk\/[\w-]+)@/gm)].map((match) => match[1]);
const expected = [...versions(root).keys()];
const missing = expected.filter((name) => !names.includes(name));
if (missing.length > 0) throw new Error(`pnpm publish --dry-run -r did not publish ${missing.join(', ')}`);
console.log(`ok   pnpm publish --dry-run -r: ${names.length} packages`);

/** name -> version of every public package under packages/. */
function versions(at: string): Map<string, string> {
  const result = new Map<string, string>();
  for (const dir of readdirSync(join(at, 'packages'))) {
    const manifest = JSON.parse(readFileSync(join(at, 'packages', dir, 'package.json'), 'utf8'));
    if (!manifest.private) result.set(manifest.name, manifest.version);
  }
  return result;
}
