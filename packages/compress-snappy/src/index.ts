/**
 * @lk/compress-snappy: the snappy codec (Kafka compression type 2) for `@lk/batch`.
 *
 * Writes snappy-java ("xerial") framing like the Java producer; reads that framing and the raw
 * snappy blocks librdkafka writes.
 *
 * @example
 * ```ts
 * import { snappy } from '@lk/compress-snappy';
 *
 * const codec = snappy();
 * const packed = codec.compress(new TextEncoder().encode('hello'));
 * const plain = codec.decompress(packed, { maxOutputSize: 1024 });
 * ```
 *
 * @module
 */
export { snappy } from './snappy.ts';
export { isXerial, XERIAL_CHUNK_SIZE, XERIAL_MAGIC } from './xerial.ts';
