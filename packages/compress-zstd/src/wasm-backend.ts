import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { asDecompressError, concatBytes, decompressTooLarge } from '@lk/batch';
import { Decompress } from 'fzstd';
import type { ZstdBackend } from './backend.ts';

const require = createRequire(import.meta.url);
const ZSTD_WASM = '@bokuweb/zstd-wasm';

type Compress = (data: Uint8Array, level: number) => Uint8Array;
interface Instance {
  readonly exports: object;
}
interface EmscriptenModule {
  init(): void;
  instantiateWasm?: (imports: object, receive: (instance: Instance) => unknown) => object;
}
// The standard WebAssembly JS API (ES2022's lib does not declare it).
const { WebAssembly } = globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports: object) => Instance;
  };
};

let compressor: Compress | undefined;

/**
 * Loads libzstd's WebAssembly synchronously on first use (about 1 ms, 250 KB), so importing the
 * package needs no top-level await and works through `require()`. The package's own `init()` is
 * asynchronous; its Emscripten module accepts an `instantiateWasm` hook, which we answer with a
 * synchronous `new WebAssembly.Instance` (Node compiles modules of any size synchronously).
 */
function loadCompressor(): Compress {
  if (compressor !== undefined) return compressor;
  // The package's exports map names only its entry; its module and .wasm sit beside it.
  const entry = require.resolve(ZSTD_WASM);
  const { Module } = require(join(dirname(entry), 'module.js')) as { Module: EmscriptenModule };
  const bytes = readFileSync(join(dirname(entry), 'zstd.wasm'));
  Module.instantiateWasm = (imports, receive) => {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
    receive(instance);
    return instance.exports;
  };
  Module.init();
  compressor = (require(entry) as { compress: Compress }).compress;
  return compressor;
}

/**
 * zstd for Node without it in `node:zlib` (Node 20): libzstd compiled to WebAssembly
 * (`@bokuweb/zstd-wasm`) compresses; `fzstd` decodes, streaming block by block, so frames without
 * a content size work and the budget is enforced as blocks come out. No async variants: both run
 * on the calling thread.
 */
export function wasmBackend(): ZstdBackend {
  return {
    name: 'wasm',
    compress: (data, level) => loadCompressor()(data, level),
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
