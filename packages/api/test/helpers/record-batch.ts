// A minimal magic-2 record batch for broker tests (uncompressed, no headers, no producer id).
// @lk/batch is written concurrently; this stays independent so these tests pin the wire format.
import { Writer } from '@lk/wire';

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), the checksum of record batches. */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC32C_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Encodes `values` as one record batch: 61-byte header, then one record per value (null keys). */
export function recordBatch(values: readonly string[], timestamp = 1_700_000_000_000n): Uint8Array {
  const w = new Writer();
  w.int64(0n); // base offset (the broker assigns the real one)
  const lengthAt = w.reserve(4); // batch length: from the leader epoch to the end
  w.int32(-1); // partition leader epoch
  w.int8(2); // magic
  const crcAt = w.reserve(4); // CRC-32C of everything after it
  const crcStart = w.pos;
  w.int16(0); // attributes: no compression, create time, not transactional
  w.int32(values.length - 1); // last offset delta
  w.int64(timestamp); // base timestamp
  w.int64(timestamp); // max timestamp
  w.int64(-1n); // producer id
  w.int16(-1); // producer epoch
  w.int32(-1); // base sequence
  w.int32(values.length); // record count
  values.forEach((text, index) => {
    const value = new TextEncoder().encode(text);
    const record = new Writer();
    record.int8(0); // attributes
    record.varlong(0n); // timestamp delta
    record.varint(index); // offset delta
    record.varint(-1); // null key
    record.varint(value.length).raw(value);
    record.varint(0); // no headers
    w.varint(record.pos).raw(record.finish());
  });
  w.int32At(lengthAt, w.pos - 12);
  w.uint32At(crcAt, crc32c(w.buf.subarray(crcStart, w.pos)));
  return w.toBytes();
}
