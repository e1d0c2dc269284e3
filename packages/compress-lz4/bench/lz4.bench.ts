// lz4: lk (lz4-napi blocks in lk's frame) beside lz4js (pure JS; kafkajs-lz4 needs a native
// node-gyp build that this workspace does not run) and Platformatic's @platformatic/wasm-utils
// (Rust lz4_flex frame in WebAssembly). Run: pnpm bench
import { createRequire } from 'node:module';
import { DEFAULT_MAX_DECOMPRESSED_SIZE } from '@lk/batch';
import { runCodecBench } from '@lk/codec-testkit/codec-bench';
import { lz4Compress, lz4Decompress } from '@platformatic/wasm-utils';
import { lz4 } from '../src/index.ts';

type Lz4js = {
  compress(data: Uint8Array): number[] | Uint8Array;
  decompress(data: Uint8Array): number[] | Uint8Array;
};
const lz4js = createRequire(import.meta.url)('lz4js') as Lz4js;
const limit = { maxOutputSize: DEFAULT_MAX_DECOMPRESSED_SIZE };
const lk = lz4();

await runCodecBench('lz4', [
  {
    name: 'lk (lz4-napi 2.10.0, sync)',
    compress: (d) => lk.compress(d),
    decompress: (p) => lk.decompress(p, limit),
  },
  {
    name: 'lk (lz4-napi 2.10.0, async)',
    compress: (d) => lk.compressAsync!(d),
    decompress: (p) => lk.decompressAsync!(p, limit),
  },
  {
    name: 'lz4js 0.2.0 (pure JS)',
    compress: (d) => Uint8Array.from(lz4js.compress(d)),
    decompress: (p) => Uint8Array.from(lz4js.decompress(p)),
  },
  {
    name: 'platformatic (wasm-utils 0.2.1)',
    compress: (d) => lz4Compress(Buffer.from(d)),
    decompress: (p) => lz4Decompress(Buffer.from(p)),
  },
]);
