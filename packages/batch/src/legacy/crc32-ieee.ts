// CRC-32 (IEEE 802.3, zlib's) for legacy v0/v1 messages, byte at a time: old segments are rare,
// so a 1 KiB table built on first use is enough.

let table: Int32Array | undefined;

function buildTable(): Int32Array {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    t[n] = c;
  }
  return t;
}

/** CRC-32/IEEE of `data` (check value of "123456789": 0xcbf43926). */
export function crc32Ieee(data: Uint8Array): number {
  const t = (table ??= buildTable());
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = t[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
