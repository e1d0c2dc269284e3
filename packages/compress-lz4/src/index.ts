/**
 * @lk/compress-lz4: the LZ4 codec (Kafka compression type 3) for `@lk/batch`.
 *
 * Writes the LZ4 frame format exactly as the Java producer does (independent 64 KiB blocks, no
 * checksums, header `04 22 4D 18 60 40 82`) and reads any frame Kafka clients write.
 *
 * @example
 * ```ts
 * import { lz4 } from '@lk/compress-lz4';
 *
 * const codec = lz4();
 * const packed = codec.compress(new TextEncoder().encode('hello'));
 * const plain = codec.decompress(packed, { maxOutputSize: 1024 });
 * ```
 *
 * @module
 */
export { BLOCK_SIZE, FRAME_HEADER, type FrameBlock, type LZ4Frame, readFrame, writeFrame } from './frame.ts';
export { lz4 } from './lz4.ts';
