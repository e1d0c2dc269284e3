// Node 20 smoke test of the BUILT package (dist/): round trip, the CLI fixture, the output limit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DecompressError } from '@lk/batch';
import { gzip } from '@lk/compress-gzip';

const codec = gzip({ level: 6 });
const data = new TextEncoder().encode('{"id":1,"value":"hello"}\n'.repeat(4000));
const limit = { maxOutputSize: 64 * 1024 * 1024 };
assert.deepEqual(codec.decompress(codec.compress(data), limit), Buffer.from(data));
assert.deepEqual(await codec.decompressAsync(await codec.compressAsync(data), limit), Buffer.from(data));
assert.equal(
  codec.decompress(readFileSync(new URL('fixtures/cli-9.gz', import.meta.url)), limit).length,
  20000,
);
assert.throws(() => codec.decompress(codec.compress(data), { maxOutputSize: 1000 }), DecompressError);
console.log('gzip round trip, fixture and limit ok');
