import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { decompressTooLarge, fromZlibError } from '@lk/batch';
import type { ZstdBackend } from './backend.ts';

/** Whether this Node has zstd in `node:zlib` (22.15+, 23.8+). */
export const hasNodeZstd: boolean = typeof zlib.zstdCompressSync === 'function';

const options = (level: number): zlib.ZstdOptions => ({
  params: { [zlib.constants.ZSTD_c_compressionLevel]: level },
});
// zlib's maxOutputLength must be at least 1: a budget of 0 is checked on the result.
const limited = (budget: number): zlib.ZstdOptions => ({ maxOutputLength: Math.max(1, budget) });

function checked(out: Uint8Array, budget: number): Uint8Array {
  if (out.length > budget) throw passesLimit(budget);
  return out;
}

const PASSES_LIMIT = 'the output passes the limit';
const passesLimit = (budget: number) => decompressTooLarge('zstd', budget, PASSES_LIMIT);

/**
 * zstd from `node:zlib` (libzstd inside Node). `maxOutputLength` stops the streaming decoder at
 * the budget. Only call when {@link hasNodeZstd}.
 */
export function nodeBackend(): ZstdBackend {
  const compressAsync = promisify(zlib.zstdCompress);
  const decompressAsync = promisify(zlib.zstdDecompress);
  return {
    name: 'node:zlib',
    compress: (data, level) => zlib.zstdCompressSync(data, options(level)),
    compressAsync: (data, level) => compressAsync(data, options(level)),
    decompressFrame(frame, budget) {
      try {
        return checked(zlib.zstdDecompressSync(frame, limited(budget)), budget);
      } catch (error) {
        throw fromZlibError('zstd', error, budget, PASSES_LIMIT);
      }
    },
    async decompressFrameAsync(frame, budget) {
      try {
        return checked(await decompressAsync(frame, limited(budget)), budget);
      } catch (error) {
        throw fromZlibError('zstd', error, budget, PASSES_LIMIT);
      }
    },
  };
}
