// The @lk/compress-* plugins by their Kafka names: the producer compresses with the one asked
// for; the consumer gets all four, so it reads whatever the topic holds.
import type { Compressor, Decompressor } from '@lk/batch';
import { gzip } from '@lk/compress-gzip';
import { lz4 } from '@lk/compress-lz4';
import { snappy } from '@lk/compress-snappy';
import { zstd } from '@lk/compress-zstd';

export const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type CompressionName = (typeof COMPRESSIONS)[number];

/** The compressor for a name (null for none). */
export function compressor(name: CompressionName): Compressor | null {
  switch (name) {
    case 'none':
      return null;
    case 'gzip':
      return gzip();
    case 'snappy':
      return snappy();
    case 'lz4':
      return lz4();
    case 'zstd':
      return zstd();
  }
}

/** Every codec, for reading. */
export function allDecompressors(): Decompressor[] {
  return [gzip(), snappy(), lz4(), zstd()];
}
