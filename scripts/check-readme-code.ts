// Type-checks every ```ts block of every README against the BUILT packages (their dist/ types,
// as a user gets them), strict, the way the packages themselves are checked. Errors are reported
// at the README's line. The blocks that need a broker also run against one in
// examples/test/readme-code.integration.test.ts. Run `pnpm build` first.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blockFileName, type CodeBlock, moduleOf, readmeBlocks } from './readme-code.ts';

const root = new URL('..', import.meta.url).pathname;
// Inside the examples package, whose dependencies are every lk package.
const dir = join(root, 'examples', '.readme-check');

const blocks = readmeBlocks();
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const byFile = new Map<string, { block: CodeBlock; codeStartLine: number; imports: number }>();
for (const block of blocks) {
  const { text, codeStartLine, imports } = moduleOf(block);
  const file = blockFileName(block);
  writeFileSync(join(dir, file), text);
  byFile.set(file, { block, codeStartLine, imports });
}
writeFileSync(
  join(dir, 'tsconfig.json'),
  JSON.stringify({
    extends: '../../tsconfig.base.json',
    include: ['*.ts'],
    compilerOptions: {
      types: ['node'],
      // What a user sees: each package's published types (dist/), not its sources.
      customConditions: [],
      // A README block may show a value without using it.
      noUnusedLocals: false,
    },
  }),
);

/** Where a line of a generated module came from in its README. */
function readmeLine(file: string, line: number): string {
  const entry = byFile.get(file);
  if (entry === undefined) return `${file}:${line}`;
  const { block, codeStartLine, imports } = entry;
  if (line <= imports) return `${block.readme}:${block.line + line - 1}`;
  if (line < codeStartLine) return `${block.readme}:${block.line - 1} (its prelude)`;
  return `${block.readme}:${block.line + imports + line - codeStartLine}`;
}

try {
  execFileSync('tsc', ['-p', join(dir, 'tsconfig.json')], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
  console.log(`ok   ${blocks.length} README code blocks type-check against the built packages`);
  rmSync(dir, { recursive: true, force: true });
} catch (error) {
  const output = `${(error as { stdout?: string }).stdout ?? ''}`;
  const mapped = output.replace(/^(\S+\.ts)\((\d+),(\d+)\)/gm, (_, file: string, line: string) =>
    readmeLine(file.replace(/^.*\//, ''), Number(line)),
  );
  console.log(`FAIL README code blocks (generated modules kept in ${dir}):\n${mapped}`);
  process.exit(1);
}
