// Node 20 smoke test of the built package (run by scripts/node20-smoke.ts).
import assert from 'node:assert/strict';
import { CorruptRecordError, decodeRecord, RecordCursor, writeRecord } from '@lk/record';
import { Writer } from '@lk/wire';

const writer = new Writer();
writeRecord(writer, {
  attributes: 0,
  timestampDelta: 5,
  offsetDelta: 1,
  key: null,
  value: new TextEncoder().encode('hello'),
  headers: [
    { key: 'h', value: new TextEncoder().encode('x') },
    { key: 'n', value: null },
  ],
});
const bytes = writer.toBytes();
// RECORD_FORMAT.md §12, record 1
assert.equal(Buffer.from(bytes).toString('hex'), '24000a02010a68656c6c6f040268027802' + '6e01');
const record = decodeRecord(bytes, { pos: 0 });
assert.equal(new TextDecoder().decode(record.value), 'hello');
assert.deepEqual(
  record.headers.map((h) => h.key),
  ['h', 'n'],
);
const cursor = new RecordCursor(bytes);
assert.equal(cursor.next(), true);
assert.equal(cursor.offsetDelta, 1);
assert.equal(cursor.next(), false);
assert.throws(() => decodeRecord(Uint8Array.of(0x01, 0), { pos: 0 }), CorruptRecordError);
