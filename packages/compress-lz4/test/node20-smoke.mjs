// Node 20 smoke test of the BUILT package (dist/): round trip, Java's header, CLI fixtures, the limit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DecompressError } from '@lk/batch';
import { lz4 } from '@lk/compress-lz4';

const codec = lz4();
const data = new TextEncoder().encode('{"id":1,"value":"hello"}\n'.repeat(4000));
const limit = { maxOutputSize: 64 * 1024 * 1024 };
const packed = codec.compress(data);
assert.deepEqual([...packed.subarray(0, 7)], [0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]);
assert.deepEqual(Buffer.from(codec.decompress(packed, limit)), Buffer.from(data));
assert.deepEqual(
  Buffer.from(await codec.decompressAsync(await codec.compressAsync(data), limit)),
  Buffer.from(data),
);
for (const name of ['cli-default.lz4', 'cli-hc9-64k.lz4']) {
  assert.equal(
    codec.decompress(readFileSync(new URL(`fixtures/${name}`, import.meta.url)), limit).length,
    100000,
  );
}
assert.throws(() => codec.decompress(packed, { maxOutputSize: 1000 }), DecompressError);
console.log('lz4 round trip, header, fixtures and limit ok');
