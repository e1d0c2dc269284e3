// The TypeScript code blocks of lk's READMEs, for type-checking and running them.
//
// A block is every ```ts fence of every README.md in git. A fragment that uses names from its
// surroundings (`bytes`, `partition`, a `fetcher`) gets them from a prelude: an HTML comment
// right before the fence, invisible on GitHub and npm, holding real code:
//
//   <!-- prelude
//   const bytes = new TextEncoder().encode('hello');
//   -->
//   ```ts
//   const packed = codec.compress(bytes);
//   ```
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One README code block, with where it is. */
export interface CodeBlock {
  /** The README's path from the repository root. */
  readonly readme: string;
  /** The line of the block's first code line (after the fence), 1-based. */
  readonly line: number;
  readonly prelude: string;
  readonly code: string;
}

/**
 * The bootstrap address README blocks use; blocks that contain it need a broker and run against
 * one, unless their prelude only declares their surroundings (`declare const request: ...`): those
 * are type-checked only.
 */
export const README_BOOTSTRAP = '127.0.0.1:9092';

const root = new URL('..', import.meta.url).pathname;

/** Whether a block can run against a broker: it names the bootstrap and its prelude is real code. */
export const runsAgainstBroker = (block: CodeBlock): boolean =>
  block.code.includes(README_BOOTSTRAP) && !/^declare /m.test(block.prelude);

/** Every ```ts block of every README.md that git knows. */
export function readmeBlocks(): CodeBlock[] {
  const readmes = execFileSync('git', ['ls-files', '*README.md', 'README.md'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((path) => path !== '');
  return [...new Set(readmes)].flatMap((readme) =>
    blocksOf(readme, readFileSync(join(root, readme), 'utf8')),
  );
}

/** The blocks of one README's text. */
export function blocksOf(readme: string, text: string): CodeBlock[] {
  const lines = text.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```ts') continue;
    const end = lines.findIndex((line, j) => j > i && line.trim() === '```');
    if (end < 0) throw new Error(`${readme}:${i + 1}: a \`\`\`ts block without its end`);
    blocks.push({
      readme,
      line: i + 2,
      prelude: preludeBefore(lines, i),
      code: lines.slice(i + 1, end).join('\n'),
    });
    i = end;
  }
  return blocks;
}

/** The code of a `<!-- prelude ... -->` comment that ends on the line before `fence`, or ''. */
function preludeBefore(lines: readonly string[], fence: number): string {
  if (fence === 0 || lines[fence - 1]!.trim() !== '-->') return '';
  for (let i = fence - 2; i >= 0; i--) {
    if (lines[i]!.trim() === '<!-- prelude') return lines.slice(i + 1, fence - 1).join('\n');
  }
  return '';
}

/**
 * A block as a module: imports first (the block's, then the prelude's: they must lead), then the
 * rest of the prelude, then the rest of the block. `codeStartLine` is the module line of the
 * block's first line after its imports.
 */
export function moduleOf(block: CodeBlock): { text: string; codeStartLine: number; imports: number } {
  const code = block.code.split('\n');
  let imports = 0;
  while (imports < code.length && /^import\s/.test(code[imports]!)) imports++;
  const prelude = block.prelude === '' ? [] : block.prelude.split('\n');
  const preludeImports = prelude.filter((line) => /^import\s/.test(line));
  const head = [
    ...code.slice(0, imports),
    ...preludeImports,
    ...prelude.filter((line) => !/^import\s/.test(line)),
    '// --- the README block',
  ];
  const text = [...head, ...code.slice(imports), 'export {};', ''].join('\n');
  return { text, codeStartLine: head.length + 1, imports };
}

/** A short file name for a block: its README's folder and its line. */
export function blockFileName(block: CodeBlock): string {
  const where =
    block.readme === 'README.md' ? 'root' : block.readme.replace(/\/README\.md$/, '').replaceAll('/', '-');
  return `${where}-${block.line}.ts`;
}
