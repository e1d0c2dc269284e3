// Node 20 smoke test of the BUILT package (dist/): Node 20 has no zstd in node:zlib, so this runs
// the WebAssembly fallback: round trip, CLI fixtures (with and without content size), the limit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DecompressError } from '@lk/batch';
import { zstd, zstdBackend } from '@lk/compress-zstd';

assert.equal(zstdBackend, process.versions.node.startsWith('20.') ? 'wasm' : 'node:zlib');
const codec = zstd({ level: 3 });
const data = new TextEncoder().encode('{"id":1,"value":"hello"}\n'.repeat(4000));
const limit = { maxOutputSize: 64 * 1024 * 1024 };
assert.deepEqual(Buffer.from(codec.decompress(codec.compress(data), limit)), Buffer.from(data));
for (const name of ['cli-19.zst', 'cli-stream.zst', 'cli-two-frames.zst']) {
  assert.equal(
    codec.decompress(readFileSync(new URL(`fixtures/${name}`, import.meta.url)), limit).length,
    100000,
  );
}
assert.throws(() => codec.decompress(codec.compress(data), { maxOutputSize: 1000 }), DecompressError);
console.log(`zstd on ${zstdBackend}: round trip, fixtures and limit ok`);
