// Bundles what applications import, with esbuild, minified, from the BUILT packages (dist/), and
// holds each bundle to a budget: one whole package at a time, one PartitionProducer, one Producer,
// one Consumer, and the runtime-neutral packages for the browser (--platform=browser must build: no
// Node API). A bundle over its budget means code that does not need to be there came along
// (tree-shaking broke). It also proves each entry point's `sideEffects: false`: a bare import
// bundles to nothing, and one small export bundles to a few kB, not the package.
// Run `pnpm build` first.
import { join } from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

interface Bundle {
  readonly name: string;
  /** The application's code; it imports the packages as the examples package (which has all). */
  readonly code: string;
  readonly platform: 'node' | 'browser';
  /** Budget in bytes of minified output. */
  readonly budget: number;
}

const KB = 1000;
const whole = (pkg: string, budget: number, platform: 'node' | 'browser' = 'node'): Bundle => ({
  name: `all of ${pkg} (${platform})`,
  code: `export * from '${pkg}';`,
  platform,
  budget,
});

// The runtime-neutral packages and their budgets (varint to batch about a quarter above today's
// size; @lk/api's about 8 %, set when the client's codecs were split from the broker's).
const NEUTRAL = [
  ['@lk/varint', 5 * KB],
  ['@lk/wire', 18 * KB],
  ['@lk/record', 10 * KB],
  ['@lk/batch', 35 * KB],
  ['@lk/api', 280 * KB],
  // The broker's side of every API too (for fake brokers and proxies in the browser).
  ['@lk/api/broker', 355 * KB],
] as const;

/**
 * Every entry point with one of its small exports and the budget for an app that imports only it:
 * what that export needs, plus what the package's single dist file runs at load time (lookup
 * tables, the error classes). The CLI and the fake cluster are applications: one export of them
 * brings the command table or every handler (and so every codec), so theirs are the whole package.
 */
const ENTRIES = [
  ['@lk/varint', 'writeUvarint', 2 * KB],
  ['@lk/wire', 'writeUtf8', 2 * KB],
  ['@lk/record', 'recordSize', 2 * KB],
  ['@lk/batch', 'crc32Ieee', 5 * KB],
  ['@lk/api', 'ErrorCode', 7 * KB],
  ['@lk/api/broker', 'readRequestApi', 7 * KB],
  ['@lk/client', 'SaslError', 10 * KB],
  ['@lk/producer', 'DEFAULT_SETTINGS', 8 * KB],
  ['@lk/consumer', 'CommitError', 11 * KB],
  ['@lk/admin', 'AdminError', 8 * KB],
  ['@lk/fake', 'FakeBroker', 480 * KB],
  ['@lk/cli', 'VERSION', 700 * KB],
  ['@lk/compress-gzip', 'gzip', 6 * KB],
  ['@lk/compress-snappy', 'isXerial', 1 * KB],
  ['@lk/compress-lz4', 'writeFrame', 1 * KB],
  ['@lk/compress-zstd', 'zstdBackend', 7 * KB],
] as const;
const sideEffectChecks = ENTRIES.flatMap(([pkg, symbol, budget]): Bundle[] => [
  { name: `a bare import of ${pkg} (to nothing)`, code: `import '${pkg}';`, platform: 'node', budget: 0 },
  {
    name: `${symbol} alone from ${pkg}`,
    code: `export { ${symbol} } from '${pkg}';`,
    platform: 'node',
    budget,
  },
]);

const bundles: Bundle[] = [
  {
    // The issue's target is 80 kB. A PartitionProducer carries a PartitionLeaderClient and a
    // MetadataClient (no Fetch, ListOffsets or admin codecs), no error messages, only the client's
    // direction of each codec (requests encoded, responses decoded) and no SASL mechanism it is
    // not given; today 78.3 kB.
    name: 'one PartitionProducer from @lk/client',
    code: `import { PartitionProducer } from '@lk/client';
      export const producer = new PartitionProducer({ bootstrap: '127.0.0.1:9092', topic: 't', partition: 0 });`,
    platform: 'node',
    budget: 80 * KB,
  },
  {
    // SCRAM comes along only when named: SaslHandshake, SaslAuthenticate and the SCRAM client, 4.9 kB.
    name: 'one PartitionProducer with SCRAM-SHA-512',
    code: `import { PartitionProducer, scramSha512 } from '@lk/client';
      export const producer = new PartitionProducer({ bootstrap: '127.0.0.1:9092', topic: 't', partition: 0,
        sasl: scramSha512({ username: 'u', password: 'p' }) });`,
    platform: 'node',
    budget: 86 * KB,
  },
  {
    name: 'one Producer from @lk/producer',
    code: `import { Producer } from '@lk/producer';
      export const producer = new Producer({ bootstrap: '127.0.0.1:9092' });`,
    platform: 'node',
    // Today 116.9 kB: the Producer routes through @lk/client's Cluster (pool, metadata cache).
    budget: 126 * KB,
  },
  {
    name: 'one Consumer from @lk/consumer',
    code: `import { Consumer } from '@lk/consumer';
      export const consumer = new Consumer({ bootstrap: '127.0.0.1:9092', groupId: 'g', topics: ['t'] });`,
    platform: 'node',
    // Today 169.9 kB: a Consumer carries the group protocols, Fetch sessions and OffsetFetch/Commit.
    budget: 185 * KB,
  },
  {
    name: 'a batch with its CRC and a record reader (@lk/batch)',
    code: `import { Batch, Builder } from '@lk/batch';
      const builder = new Builder();
      builder.add({ value: new Uint8Array(1) });
      export const records = Batch.unmarshal(builder.build().marshal()).readRecords();`,
    platform: 'browser',
    budget: 30 * KB,
  },
  ...NEUTRAL.map(([pkg, budget]) => whole(pkg, budget, 'browser')),
  whole('@lk/client', 158 * KB),
  // The whole producer pulls in @lk/client's Cluster (pool, metadata cache, routing).
  whole('@lk/producer', 127 * KB),
  whole('@lk/consumer', 185 * KB),
  // Every admin operation (topics, configs, groups, offsets, cluster, ACLs, SCRAM, quotas): 146.7 kB.
  whole('@lk/admin', 160 * KB),
  whole('@lk/fake', 445 * KB),
  whole('@lk/compress-gzip', 6 * KB),
  whole('@lk/compress-snappy', 7 * KB),
  whole('@lk/compress-lz4', 9 * KB),
  whole('@lk/compress-zstd', 10 * KB),
  ...sideEffectChecks,
];

let failed = 0;
console.log('bundle                                                   minified     budget');
for (const bundle of bundles) {
  try {
    const result = await build({
      stdin: { contents: bundle.code, resolveDir: join(root, 'examples'), loader: 'js' },
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform: bundle.platform,
      target: 'es2022',
      // Native and WASM add-ons of the codec plugins stay outside, as a bundler user would keep them.
      external: ['@node-rs/crc32', 'lz4-napi', 'snappy', '@bokuweb/zstd-wasm', 'fzstd'],
      logLevel: 'silent',
    });
    const size = result.outputFiles[0]!.contents.length;
    const ok = size <= bundle.budget;
    if (!ok) failed++;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${bundle.name.padEnd(52)} ${`${(size / KB).toFixed(1)} kB`.padStart(9)} ${`${bundle.budget / KB} kB`.padStart(10)}`,
    );
  } catch (error) {
    failed++;
    console.log(`FAIL ${bundle.name}: ${(error as Error).message}`);
  }
}
if (failed > 0) {
  console.error(`${failed} bundle check(s) failed`);
  process.exit(1);
}
