// zstd: lk on node:zlib and on its WebAssembly fallback, beside Platformatic (zlib.zstdCompressSync
// and zstdDecompressSync directly). KafkaJS's @kafkajs/zstd does not build on current Node. Run with
// Node 24 (`pnpm bench`) for all rows; on Node 20 the node:zlib rows are left out.
import * as zlib from 'node:zlib';
import { DEFAULT_MAX_DECOMPRESSED_SIZE } from '@lk/batch';
import { type CodecImpl, runCodecBench } from '@lk/codec-testkit/codec-bench';
import { hasNodeZstd, nodeBackend } from '../src/node-backend.ts';
import { wasmBackend } from '../src/wasm-backend.ts';
import { zstdWith } from '../src/zstd.ts';

const limit = { maxOutputSize: DEFAULT_MAX_DECOMPRESSED_SIZE };
const wasm = zstdWith(await wasmBackend(), 3);
const impls: CodecImpl[] = [];
if (hasNodeZstd) {
  const lk = zstdWith(nodeBackend(), 3);
  impls.push(
    {
      name: 'lk node:zlib level 3 (sync)',
      compress: (d) => lk.compress(d),
      decompress: (p) => lk.decompress(p, limit),
    },
    {
      name: 'lk node:zlib level 3 (async)',
      compress: (d) => lk.compressAsync!(d),
      decompress: (p) => lk.decompressAsync!(p, limit),
    },
  );
}
impls.push({
  name: 'lk wasm level 3 (Node 20 fallback)',
  compress: (d) => wasm.compress(d),
  decompress: (p) => wasm.decompress(p, limit),
});
if (hasNodeZstd) {
  impls.push({
    name: 'platformatic (zlib zstd sync)',
    compress: (d) => zlib.zstdCompressSync(d),
    decompress: (p) => zlib.zstdDecompressSync(p),
  });
}
await runCodecBench('zstd', impls);
