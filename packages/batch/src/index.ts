/**
 * @lk/batch: Kafka record batches (magic 2) — build, marshal with CRC-32C, parse, and compress
 * through codec plugins.
 *
 * @module
 */
export {
  type Codec,
  CompressionType,
  type Compressor,
  DEFAULT_MAX_DECOMPRESSED_SIZE,
  DecompressError,
  type DecompressOptions,
  type Decompressor,
} from './codec.ts';
