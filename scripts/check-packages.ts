// Packs every published @lk package with pnpm (as it would be published: workspace ranges
// replaced) and checks the tarball: publint, are-the-types-wrong, what it holds (the built entry,
// its types, README, LICENSE, the hand-written sources the source maps point at, and nothing
// else: no tests, fixtures or benchmarks), and its size against a budget. Prints a size table.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkContents, type PackedFile } from './package-contents.ts';

const root = new URL('..', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'lk-pack-'));

/** Installed-size budgets (bytes of the unpacked tarball); a package not named here gets the default. */
const INSTALLED_BUDGET: Record<string, number> = { '@lk/api': 2_000_000, '@lk/client': 750_000 };
const DEFAULT_INSTALLED_BUDGET = 500_000;

let failed = 0;
const sizes: { name: string; files: number; packed: number; installed: number; budget: number }[] = [];
function report(ok: boolean, check: string, name: string, detail = ''): void {
  if (!ok) failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${check.padEnd(8)} ${name}${detail ? `\n${detail}` : ''}`);
}

/** The files of a tarball and their sizes, from `tar -tvzf` (paths without the `package/` prefix). */
function listTarball(tarball: string): PackedFile[] {
  const listing = execFileSync('tar', ['-tvzf', tarball], { encoding: 'utf8' });
  return listing
    .trim()
    .split('\n')
    .map((line) => {
      const fields = line.trim().split(/\s+/);
      return {
        size: Number(fields[2]),
        path: fields
          .slice(5)
          .join(' ')
          .replace(/^package\//, ''),
      };
    });
}

try {
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const pkgDir = join(root, 'packages', dir);
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    if (manifest.private) continue;
    const packed = execFileSync('pnpm', ['pack', '--pack-destination', out, '--json'], {
      cwd: pkgDir,
      encoding: 'utf8',
    });
    const tarball = JSON.parse(packed).filename as string;
    for (const [tool, args] of [
      ['publint', ['run', tarball, '--strict']],
      ['attw', [tarball, '--profile', 'esm-only', '--format', 'table-flipped', '--no-summary']],
    ] as const) {
      try {
        execFileSync(tool, args, { cwd: pkgDir, encoding: 'utf8', stdio: 'pipe' });
        report(true, tool, manifest.name);
      } catch (error) {
        const e = error as { stdout?: string; stderr?: string };
        report(false, tool, manifest.name, `${e.stdout ?? ''}${e.stderr ?? ''}`);
      }
    }
    const files = listTarball(tarball);
    const problems = checkContents(files, (path) =>
      execFileSync('tar', ['-xzOf', tarball, `package/${path}`], { encoding: 'utf8' }),
    );
    report(problems.length === 0, 'contents', manifest.name, problems.map((p) => `  ${p}`).join('\n'));
    const installed = files.reduce((sum, file) => sum + file.size, 0);
    const budget = INSTALLED_BUDGET[manifest.name] ?? DEFAULT_INSTALLED_BUDGET;
    sizes.push({
      name: manifest.name,
      files: files.length,
      packed: readFileSync(tarball).length,
      installed,
      budget,
    });
    report(
      installed <= budget,
      'size',
      manifest.name,
      installed <= budget ? '' : `  ${installed} B > ${budget} B`,
    );
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
console.log('\npackage              files     packed  installed     budget');
for (const s of sizes) {
  console.log(
    `${s.name.padEnd(20)} ${String(s.files).padStart(5)} ${kb(s.packed).padStart(10)} ${kb(s.installed).padStart(10)} ${kb(s.budget).padStart(10)}`,
  );
}
if (failed > 0) {
  console.error(`${failed} package check(s) failed`);
  process.exit(1);
}
