// Node 20 smoke test of the BUILT package (dist/): round trip, Java-style and raw fixtures, the limit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DecompressError } from '@lk/batch';
import { snappy } from '@lk/compress-snappy';

const codec = snappy();
const data = new TextEncoder().encode('{"id":1,"value":"hello"}\n'.repeat(4000));
const limit = { maxOutputSize: 64 * 1024 * 1024 };
assert.deepEqual(Buffer.from(codec.decompress(codec.compress(data), limit)), Buffer.from(data));
assert.deepEqual(
  Buffer.from(await codec.decompressAsync(await codec.compressAsync(data), limit)),
  Buffer.from(data),
);
for (const name of ['java-xerial.snappy', 'raw.snappy']) {
  assert.equal(
    codec.decompress(readFileSync(new URL(`fixtures/${name}`, import.meta.url)), limit).length,
    100000,
  );
}
assert.throws(() => codec.decompress(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f, 0), limit), DecompressError);
console.log('snappy round trip, fixtures and limit ok');
