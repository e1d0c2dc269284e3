// Node 20 smoke test of the built package (run by scripts/node20-smoke.ts).
import assert from 'node:assert/strict';
import {
  Batch,
  Builder,
  CorruptBatchError,
  crc32c,
  crc32cImplementationName,
  crc32cJs,
  crc32cWasm,
  readRecordSet,
  useNativeCrc32c,
} from '@lk/batch';

const utf8 = (s) => new TextEncoder().encode(s);
const check = utf8('123456789');
assert.equal(crc32c(check), 0xe3069283);
// The default is the WebAssembly CRC; it must agree with the JS one across several 64 KiB chunks.
assert.equal(crc32cImplementationName(), 'wasm');
const large = Uint8Array.from({ length: 3 * 65536 + 99 }, (_, i) => (i * 2654435761) >>> 24);
for (const data of [large, large.subarray(3), large.subarray(5, 300)])
  assert.equal(crc32cWasm(data), crc32cJs(data));
assert.equal(crc32cWasm(large.subarray(70_000), crc32cWasm(large.subarray(0, 70_000))), crc32cJs(large));

const builder = new Builder({ clock: () => 1_700_000_000_000 })
  .add({ key: utf8('k1'), value: utf8('v1') })
  .add({
    value: utf8('hello'),
    timestamp: 1_700_000_000_005,
    headers: [
      { key: 'h', value: utf8('x') },
      { key: 'n', value: null },
    ],
  });
const bytes = builder.build().marshal();
// RECORD_FORMAT.md §12: the 91-byte vector, CRC 0x861dcddb
assert.equal(bytes.length, 91);
assert.equal(Batch.unmarshal(bytes).crc, 0x861dcddb);

assert.equal(await useNativeCrc32c(), true);
assert.equal(crc32cImplementationName(), 'native');
assert.equal(crc32c(large), crc32cJs(large));
assert.equal(crc32c(check), 0xe3069283);
const { records, nextOffset } = readRecordSet(bytes);
assert.deepEqual(
  records.map((r) => r.offset),
  [0n, 1n],
);
assert.equal(nextOffset, 2n);

const bad = bytes.slice();
bad[80] ^= 1;
assert.throws(() => Batch.unmarshal(bad), CorruptBatchError);
