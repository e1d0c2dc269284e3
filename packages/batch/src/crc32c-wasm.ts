// CRC-32C through the WebAssembly module in ./generated/crc32c-wasm.ts: the same slicing-by-16
// as ./crc32c-js.ts, ~1.4–1.7× faster because WebAssembly loads skip typed-array bounds checks.
// It cannot read a JS ArrayBuffer, so input is copied into the module's memory in 64 KiB chunks
// (a memcpy, small next to the CRC; the chunk stays in L2 for the CRC to read back). The module is
// compiled synchronously on first use: it is small enough for the main thread of every runtime
// (browsers cap synchronous compiles at 4 KB). Where compiling is refused, that is remembered.
import { crc32cJs, crc32cTables } from './crc32c-js.ts';
import { Crc32cUnavailableError } from './errors.ts';
import {
  CRC32C_WASM_INPUT_CAPACITY as CHUNK,
  CRC32C_WASM_MODULE,
  CRC32C_WASM_TABLES_OFFSET,
  CRC32C_WASM_INPUT_OFFSET as INPUT,
} from './generated/crc32c-wasm.ts';

/**
 * Below this many bytes the JS loop beats the call into WebAssembly plus the copy (measured on
 * Node 24 and 20, x64: equal at 12–16 bytes, WebAssembly 1.8× faster at 32).
 */
const WASM_MIN_LENGTH = 16;

/** The part of the WebAssembly JS API used here (lib ES2022 declares none of it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

/** A working instance: its memory as bytes, and `update(crc, from, to)` over memory[from, to). */
interface Kernel {
  heap: Uint8Array;
  update: (crc: number, from: number, to: number) => number;
}

let kernel: Kernel | undefined;
/** Why the kernel cannot be had here; set once, never retried (compiling again would fail again). */
let failure: Crc32cUnavailableError | undefined;

function unavailable(reason: string, cause?: unknown): Crc32cUnavailableError {
  return new Crc32cUnavailableError('LK_CRC32C_UNAVAILABLE', `WebAssembly CRC-32C unavailable: ${reason}`, {
    cause,
  });
}

function instantiate(): Kernel {
  const wasm = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (wasm === undefined) throw unavailable('no WebAssembly in this runtime');
  let exports: Record<string, unknown>;
  try {
    exports = new wasm.Instance(new wasm.Module(CRC32C_WASM_MODULE)).exports;
  } catch (cause) {
    throw unavailable('the module could not be compiled', cause);
  }
  const { buffer } = exports.memory as { buffer: ArrayBuffer };
  const tables = crc32cTables();
  new Int32Array(buffer, CRC32C_WASM_TABLES_OFFSET, tables.length).set(tables);
  const candidate: Kernel = { heap: new Uint8Array(buffer), update: exports.update as Kernel['update'] };
  // Both loops of the module (16-byte blocks, then single bytes), checked against the JS once.
  const probe = Uint8Array.from({ length: 41 }, (_, i) => (i * 2654435761) >>> 24);
  if (~throughKernel(candidate, probe, ~0) >>> 0 !== crc32cJs(probe)) throw unavailable('wrong check value');
  return candidate;
}

function loadKernel(): Kernel {
  if (failure !== undefined) throw failure;
  try {
    kernel = instantiate();
    return kernel;
  } catch (error) {
    failure =
      error instanceof Crc32cUnavailableError ? error : unavailable('the module did not start', error);
    throw failure;
  }
}

/** Advances the raw register `crc` over `data`, one chunk-sized copy at a time. */
function throughKernel({ heap, update }: Kernel, data: Uint8Array, crc: number): number {
  if (data.length <= CHUNK) {
    heap.set(data, INPUT);
    return update(crc, INPUT, INPUT + data.length);
  }
  for (let from = 0; from < data.length; from += CHUNK) {
    const chunk = data.subarray(from, from + CHUNK);
    heap.set(chunk, INPUT);
    crc = update(crc, INPUT, INPUT + chunk.length);
  }
  return crc;
}

/**
 * CRC-32C of `data` in WebAssembly (about 1.5× the pure JS on large inputs; inputs under 16
 * bytes take the JS path, which is faster for them). `previous` continues an earlier result, as with
 * {@link crc32cJs}. Throws {@link Crc32cUnavailableError} where WebAssembly is missing or
 * refused, so `setCrc32cImplementation(crc32cWasm)` returns false there.
 *
 * @example
 * ```ts
 * crc32cWasm(new TextEncoder().encode('123456789')); // 0xe3069283
 * ```
 */
export function crc32cWasm(data: Uint8Array, previous = 0): number {
  const k = kernel ?? loadKernel();
  if (data.length < WASM_MIN_LENGTH) return crc32cJs(data, previous);
  return ~throughKernel(k, data, ~previous) >>> 0;
}

/** Whether {@link crc32cWasm} works in this runtime (compiles the module on the first call). */
export function crc32cWasmAvailable(): boolean {
  try {
    kernel ?? loadKernel();
    return true;
  } catch {
    return false;
  }
}
