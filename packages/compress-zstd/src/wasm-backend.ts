import { compress, init } from '@bokuweb/zstd-wasm';
import { asDecompressError, concatBytes, decompressTooLarge } from '@lk/batch';
import { Decompress } from 'fzstd';
import type { ZstdBackend } from './backend.ts';

/**
 * zstd for Node without it in `node:zlib` (Node 20): libzstd compiled to WebAssembly
 * (`@bokuweb/zstd-wasm`) compresses; `fzstd` decodes, streaming block by block, so frames without
 * a content size work and the budget is enforced as blocks come out. No async variants: both run
 * on the calling thread.
 *
 * Resolves once the WebAssembly module is instantiated (about 1 ms, 250 KB).
 */
export async function wasmBackend(): Promise<ZstdBackend> {
  await init();
  return {
    name: 'wasm',
    compress: (data, level) => compress(data, level),
    decompressFrame(frame, budget) {
      const parts: Uint8Array[] = [];
      let size = 0;
      const decoder = new Decompress((chunk) => {
        size += chunk.length;
        if (size > budget) throw decompressTooLarge('zstd', budget, 'the output passes the limit');
        parts.push(chunk);
      });
      try {
        decoder.push(frame, true);
      } catch (error) {
        throw asDecompressError('zstd', error);
      }
      return concatBytes(parts, size);
    },
  };
}
