// Packs every published @lk package with pnpm (as it would be published: workspace ranges
// replaced) and checks the tarball with publint and are-the-types-wrong.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = mkdtempSync(join(tmpdir(), 'lk-pack-'));
let failed = 0;
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
        console.log(`ok   ${tool.padEnd(7)} ${manifest.name}`);
      } catch (error) {
        failed++;
        const e = error as { stdout?: string; stderr?: string };
        console.log(`FAIL ${tool.padEnd(7)} ${manifest.name}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
      }
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
if (failed > 0) {
  console.error(`${failed} package check(s) failed`);
  process.exit(1);
}
