import { crc32cJs } from './crc32c-js.ts';
import { crc32cWasm, crc32cWasmAvailable } from './crc32c-wasm.ts';

/** A CRC-32C function: `fn(data, previous)` continues from `previous` (0 to start). */
export type Crc32cFunction = (data: Uint8Array, previous?: number) => number;

/** Which implementation {@link crc32c} uses; 'custom' is any other function installed by the user. */
export type Crc32cImplementationName = 'wasm' | 'js' | 'native' | 'custom';

/** Unset until first needed: choosing the default compiles the WebAssembly module. */
let implementation: Crc32cFunction | undefined;

/** WebAssembly where the runtime allows compiling it, else pure JS (decided once). */
function defaultImplementation(): Crc32cFunction {
  return crc32cWasmAvailable() ? crc32cWasm : crc32cJs;
}

/**
 * CRC-32C (Castagnoli) of `data`, with the implementation currently selected: WebAssembly by
 * default, pure JS where WebAssembly is missing or refused, unless {@link useNativeCrc32c} or
 * {@link setCrc32cImplementation} installed another.
 *
 * @example
 * ```ts
 * crc32c(new TextEncoder().encode('123456789')); // 0xe3069283
 * ```
 */
export function crc32c(data: Uint8Array, previous = 0): number {
  return (implementation ??= defaultImplementation())(data, previous) >>> 0;
}

/**
 * Replaces the CRC-32C implementation every batch uses (e.g. `crc32cJs` to force pure JS); `null`
 * restores the default (WebAssembly, else pure JS). The candidate is checked against the standard
 * vector first and refused (returns false) if wrong or if it throws, as `crc32cWasm` does where
 * WebAssembly is unavailable.
 */
export function setCrc32cImplementation(fn: Crc32cFunction | null): boolean {
  const candidate = fn ?? defaultImplementation();
  if (!isCorrect(candidate)) return false;
  implementation = candidate;
  return true;
}

/** The name of the active implementation, for diagnostics (the first call settles the default). */
export function crc32cImplementationName(): Crc32cImplementationName {
  const active = (implementation ??= defaultImplementation());
  if (active === crc32cWasm) return 'wasm';
  if (active === crc32cJs) return 'js';
  return active === nativeCrc32c ? 'native' : 'custom';
}

let nativeCrc32c: Crc32cFunction | undefined;

// A variable specifier keeps bundlers from trying to resolve (and inline) the native addon.
const NATIVE_MODULE = '@node-rs/crc32';

/**
 * Switches to the native CRC-32C of `@node-rs/crc32` (SIMD, several GB/s) when it is installed
 * (an optional peer dependency). Resolves to whether it took effect; without the package, or in a
 * runtime that cannot load addons, the current implementation (by default WebAssembly) stays.
 * Call it once at startup.
 *
 * @example
 * ```ts
 * if (!(await useNativeCrc32c())) console.info('CRC-32C: pure JS');
 * ```
 */
export async function useNativeCrc32c(): Promise<boolean> {
  try {
    const module = (await import(NATIVE_MODULE)) as { crc32c?: unknown; default?: { crc32c?: unknown } };
    const native = module.crc32c ?? module.default?.crc32c;
    if (typeof native !== 'function') return false;
    const fn = native as (data: Uint8Array, previous?: number) => number;
    nativeCrc32c = (data, previous = 0) => fn(data, previous);
    return setCrc32cImplementation(nativeCrc32c);
  } catch {
    return false;
  }
}

let nativeAttempt: Promise<boolean> | undefined;

/**
 * Switches to the native CRC-32C of `@node-rs/crc32` (~3x the default WebAssembly one) when that
 * optional peer is installed, for clients and servers that move a lot of batches; the import is
 * tried once per process. Only the default implementation is replaced: an application that chose
 * the JS, the native or its own with {@link setCrc32cImplementation} keeps its choice. Resolves to
 * whether the native one is active.
 */
export async function preferNativeCrc32c(): Promise<boolean> {
  if (crc32cImplementationName() === 'wasm') await (nativeAttempt ??= useNativeCrc32c());
  return crc32cImplementationName() === 'native';
}

function isCorrect(fn: Crc32cFunction): boolean {
  const check = new Uint8Array([0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39]); // "123456789"
  try {
    return (
      fn(check, 0) >>> 0 === 0xe3069283 &&
      fn(check.subarray(4), fn(check.subarray(0, 4), 0)) >>> 0 === 0xe3069283
    );
  } catch {
    return false;
  }
}
