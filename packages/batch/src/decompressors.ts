import type { Decompressor } from './codec.ts';
import { DecompressError } from './codec.ts';

/** The decompressor for compression `type` among `decompressors`, or a DecompressError naming the missing codec. */
export function findDecompressor(decompressors: readonly Decompressor[], type: number): Decompressor {
  for (const decompressor of decompressors) if (decompressor.type === type) return decompressor;
  const names = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];
  throw new DecompressError(
    'LK_DECOMPRESS_MISSING',
    `no decompressor for ${names[type] ?? `type ${type}`}: install and pass @lk/compress-${names[type] ?? '?'}`,
  );
}
