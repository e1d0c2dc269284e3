import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import {
  type Codec,
  CompressionType,
  type DecompressOptions,
  decompressTooLarge,
  fromZlibError,
  LkError,
} from '@lk/batch';

/** Options of {@link gzip}. */
export interface GzipOptions {
  /**
   * Deflate level: 1 (fastest) to 9 (smallest), or -1 for zlib's default (6). The same scale as
   * Kafka's `compression.gzip.level` (KIP-390). Default -1.
   */
  level?: number;
}

const gzipAsync = promisify(zlib.gzip);
const gunzipAsync = promisify(zlib.gunzip);

/**
 * Creates the gzip codec. It writes one RFC 1952 member, like Java's `GZIPOutputStream`, and reads
 * any number of concatenated members, like Java's `GZIPInputStream`.
 *
 * Decompression stops as soon as the output passes `maxOutputSize` (zlib's `maxOutputLength`), so a
 * bomb costs at most that much memory and time. Unlike snappy, lz4 and zstd, gzip declares no size
 * to check first (the ISIZE trailer is the length modulo 2^32, known true only after inflating);
 * zlib allocates output as it produces it, at most about 1,032 bytes per input byte.
 *
 * @example
 * ```ts
 * const codec = gzip({ level: 1 });
 * const packed = await codec.compressAsync(records);
 * const plain = codec.decompress(packed, { maxOutputSize: DEFAULT_MAX_DECOMPRESSED_SIZE });
 * ```
 * @throws {LkError} code `LK_CODEC_LEVEL` when `level` is not -1 or an integer from 1 to 9.
 */
export function gzip(options: GzipOptions = {}): Codec {
  const level = options.level ?? -1;
  if (!Number.isInteger(level) || !(level === -1 || (level >= 1 && level <= 9))) {
    throw new LkError('LK_CODEC_LEVEL', `gzip level must be -1 or 1..9, got ${level}`);
  }
  const deflate: zlib.ZlibOptions = { level };
  const inflate = (o: DecompressOptions): zlib.ZlibOptions => ({
    maxOutputLength: Math.max(1, o.maxOutputSize),
  });
  return {
    name: 'gzip',
    type: CompressionType.gzip,
    compress: (data) => zlib.gzipSync(data, deflate),
    compressAsync: (data) => gzipAsync(data, deflate),
    decompress(data, o) {
      try {
        return checked(zlib.gunzipSync(data, inflate(o)), o);
      } catch (error) {
        throw fromZlibError('gzip', error, o.maxOutputSize);
      }
    },
    async decompressAsync(data, o) {
      try {
        return checked(await gunzipAsync(data, inflate(o)), o);
      } catch (error) {
        throw fromZlibError('gzip', error, o.maxOutputSize);
      }
    },
  };
}

/** zlib's `maxOutputLength` must be at least 1, so a limit of 0 is enforced here. */
function checked(out: Uint8Array, o: DecompressOptions): Uint8Array {
  if (out.length > o.maxOutputSize) throw decompressTooLarge('gzip', o.maxOutputSize);
  return out;
}
