/// <reference types="node" />
// Shared test vectors and helpers. Tests may use Node APIs (zlib for a real gzip codec); the
// package sources may not.
import { gunzipSync, gzipSync } from 'node:zlib';
import { type Codec, CompressionType, DecompressError } from '@lk/batch';

export const hex = (s: string): Uint8Array =>
  Uint8Array.from(s.trim().split(/\s+/).filter(Boolean), (b) => Number.parseInt(b, 16));
export const toHex = (b: Uint8Array): string =>
  Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (b: Uint8Array | null): string | null =>
  b === null ? null : new TextDecoder().decode(b);

/** RECORD_FORMAT §12: the 91-byte two-record batch. */
export const VECTOR_91 = hex(`
00 00 00 00 00 00 00 00 00 00 00 4f ff ff ff ff 02 86 1d cd db 00 00 00 00 00 01 00 00 01 8b
cf e5 68 00 00 00 01 8b cf e5 68 05 ff ff ff ff ff ff ff ff ff ff ff ff ff ff 00 00 00 02 14
00 00 00 04 6b 31 04 76 31 00 24 00 0a 02 01 0a 68 65 6c 6c 6f 04 02 68 02 78 02 6e 01`);

/** RECORD_FORMAT §12: the COMMIT marker batch. */
export const COMMIT_MARKER = hex(`
00 00 00 00 00 00 00 2a 00 00 00 42 00 00 00 07 02 8a 77 3c 25 00 30 00 00 00 00 00 00 01 8b
cf e5 68 00 00 00 01 8b cf e5 68 00 00 00 00 00 00 00 03 e8 00 03 ff ff ff ff 00 00 00 01 20
00 00 00 08 00 00 00 01 0c 00 00 00 00 00 05 00`);

/** The Go original's fixture: a batch written by a live Kafka 1.0 broker (base64 in libkafka's tests). */
export const GO_FIXTURE = Uint8Array.from(
  Buffer.from(
    'AAAAAAAAAAMAAABMAAAAAAJx8ZMnAAAAAAACAAABbZh/WLMAAAFtmH9Ys/////////////8AAAAAAAAAAxAAAAABBG0xABAAAAIBBG0yABAAAAQBBG0zAA==',
    'base64',
  ),
);

/** A gzip codec over node:zlib, standing in for @lk/compress-gzip. */
export const testGzip: Codec = {
  name: 'gzip',
  type: CompressionType.gzip,
  compress: (data) => new Uint8Array(gzipSync(data)),
  decompress: (data, { maxOutputSize }) => {
    try {
      return new Uint8Array(gunzipSync(data, { maxOutputLength: maxOutputSize }));
    } catch (cause) {
      throw new DecompressError('LK_DECOMPRESS', 'bad gzip data', undefined, { cause });
    }
  },
};
