// What a published @lk tarball may hold: the built entry and its types, README, LICENSE,
// package.json, and the hand-written TypeScript sources its source map points at. Anything else
// (tests, fixtures, benchmarks, scripts, specs, stray build output) is a mistake in `files`.

/** One file of a packed tarball: its path inside the package and its size in bytes. */
export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

const REQUIRED = ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts'];
const ALLOWED = [
  /^(package\.json|README\.md|LICENSE)$/,
  /^dist\/index\.(js|d\.ts|js\.map)$/,
  // A package's `bin` entry (@lk/cli's `lk`), built beside its index.
  /^dist\/bin\.(js|js\.map)$/,
  // @lk/api's second entry point (`@lk/api/broker`), and the chunks its two entries share (tsup
  // names them after a hash).
  /^dist\/broker\.(js|d\.ts|js\.map)$/,
  /^dist\/[a-z-]+-[A-Z0-9]{8}\.(js|d\.ts)$/,
  /^src\/(?!.*\.test\.ts$)(?!.*(^|\/)(test|fixtures|bench)\/).*\.ts$/,
];

/** The problems of a tarball's file list; `read` returns a packed file's text. Empty when it is right. */
export function checkContents(files: readonly PackedFile[], read: (path: string) => string): string[] {
  const paths = new Set(files.map((file) => file.path));
  const problems: string[] = [];
  for (const path of REQUIRED) if (!paths.has(path)) problems.push(`missing ${path}`);
  for (const path of paths) {
    if (!ALLOWED.some((pattern) => pattern.test(path))) problems.push(`does not belong: ${path}`);
  }
  if (paths.has('dist/index.js.map')) {
    const map = JSON.parse(read('dist/index.js.map')) as { sources: string[]; sourcesContent?: unknown };
    if (map.sourcesContent !== undefined) problems.push('the source map embeds its sources (ship them once)');
    for (const source of map.sources) {
      const path = new URL(source, 'file:///dist/').pathname.slice(1);
      if (!paths.has(path)) problems.push(`the source map points at ${path}, which is not shipped`);
    }
  } else if ([...paths].some((path) => path.startsWith('src/'))) {
    problems.push('ships src/ without a source map pointing at it');
  }
  return problems;
}
