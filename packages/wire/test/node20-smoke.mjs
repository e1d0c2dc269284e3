// Node 20 smoke test of the built package (run by scripts/node20-smoke.ts).
import assert from 'node:assert/strict';
import { DecodeError, FrameDecoder, Reader, Writer } from '@lk/wire';

const bytes = new Writer()
  .int32(7)
  .compactString('lk-€')
  .nullableBytes(null)
  .uuid('AQIDBAUGBwgJCgsMDQ4PEA')
  .finish();
const reader = new Reader(bytes);
assert.equal(reader.int32(), 7);
assert.equal(reader.compactString(), 'lk-€');
assert.equal(reader.nullableBytes(), null);
assert.equal(reader.uuid(), 'AQIDBAUGBwgJCgsMDQ4PEA');
assert.throws(() => new FrameDecoder().push(new Uint8Array([0xff, 0xff, 0xff, 0xff])), DecodeError);
