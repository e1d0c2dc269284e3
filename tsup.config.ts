import { defineConfig } from 'tsup';

// The build of every published package (run from the package's directory). Source maps point at
// the TypeScript sources the package ships in src/ instead of embedding a second copy of them.
// @lk/api builds without this config's maps (see its package.json): its code is generated.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  target: 'es2022',
  sourcemap: true,
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
});
