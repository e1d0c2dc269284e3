// Node 20 smoke test of the built package (run by scripts/node20-smoke.ts).
import assert from 'node:assert/strict';
import { DecodeError, readVarint, readVarlong, writeVarint, writeVarlong } from '@lk/varint';

const buf = new Uint8Array(10);
let end = writeVarint(buf, 0, -300);
assert.equal(readVarint(buf, { pos: 0 }, end), -300);
end = writeVarlong(buf, 0, -(1n << 63n));
assert.equal(readVarlong(buf, { pos: 0 }, end), -(1n << 63n));
assert.throws(() => readVarint(new Uint8Array([0x80]), { pos: 0 }), DecodeError);
