/**
 * @lk/compress-zstd: the zstd codec (Kafka compression type 4) for `@lk/batch`.
 *
 * Runs on `node:zlib` where Node has zstd (22.15+, 23.8+) and falls back to WebAssembly
 * (`@bokuweb/zstd-wasm` to compress, `fzstd` to stream-decode) on older Node such as 20.
 *
 * @example
 * ```ts
 * import { zstd } from '@lk/compress-zstd';
 *
 * const codec = zstd({ level: 3 });
 * const packed = codec.compress(new TextEncoder().encode('hello'));
 * const plain = codec.decompress(packed, { maxOutputSize: 1024 });
 * ```
 *
 * @module
 */
export { MAX_WINDOW_SIZE, readFrames, type ZstdFrame } from './frames.ts';
export { type ZstdOptions, zstd, zstdBackend } from './zstd.ts';
