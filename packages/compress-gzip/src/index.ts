/**
 * @lk/compress-gzip: the gzip codec (Kafka compression type 1) for `@lk/batch`, on `node:zlib`.
 *
 * @example
 * ```ts
 * import { gzip } from '@lk/compress-gzip';
 *
 * const codec = gzip({ level: 6 });
 * const packed = codec.compress(new TextEncoder().encode('hello'));
 * const plain = codec.decompress(packed, { maxOutputSize: 1024 });
 * ```
 *
 * @module
 */
export { type GzipOptions, gzip } from './gzip.ts';
