import { crc32cJs } from './crc32c-js.ts';

/** A CRC-32C function: `fn(data, previous)` continues from `previous` (0 to start). */
export type Crc32cFunction = (data: Uint8Array, previous?: number) => number;

let implementation: Crc32cFunction = crc32cJs;

/**
 * CRC-32C (Castagnoli) of `data`, with the implementation currently selected: pure JS unless
 * {@link useNativeCrc32c} or {@link setCrc32cImplementation} installed another.
 *
 * @example
 * ```ts
 * crc32c(new TextEncoder().encode('123456789')); // 0xe3069283
 * ```
 */
export function crc32c(data: Uint8Array, previous = 0): number {
  return implementation(data, previous) >>> 0;
}

/**
 * Replaces the CRC-32C implementation every batch uses; `null` restores the pure-JS one. The
 * candidate is checked against the standard vector first and refused (returns false) if wrong.
 */
export function setCrc32cImplementation(fn: Crc32cFunction | null): boolean {
  const candidate = fn ?? crc32cJs;
  if (!isCorrect(candidate)) return false;
  implementation = candidate;
  return true;
}

/** The name of the active implementation, for diagnostics: 'js', 'native' or 'custom'. */
export function crc32cImplementationName(): string {
  if (implementation === crc32cJs) return 'js';
  return implementation === nativeCrc32c ? 'native' : 'custom';
}

let nativeCrc32c: Crc32cFunction | undefined;

// A variable specifier keeps bundlers from trying to resolve (and inline) the native addon.
const NATIVE_MODULE = '@node-rs/crc32';

/**
 * Switches to the native CRC-32C of `@node-rs/crc32` (SIMD, several GB/s) when it is installed
 * (an optional peer dependency). Resolves to whether it took effect; without the package, or in a
 * runtime that cannot load addons, the pure-JS implementation stays. Call it once at startup.
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
