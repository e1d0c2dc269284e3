import { crc32cImplementationName, useNativeCrc32c } from '@lk/batch';

let attempt: Promise<boolean> | undefined;

/**
 * Switches `@lk/batch` to the native CRC-32C of `@node-rs/crc32` (~3× the default WebAssembly one,
 * which was ~15 % of a fetch's CPU) when that optional peer is installed; the import is tried once
 * per process. Only the default implementation is replaced: an application that chose the JS, the
 * native or its own with `setCrc32cImplementation` keeps its choice. Resolves to whether the native
 * one is active.
 */
export async function preferNativeCrc32c(): Promise<boolean> {
  if (crc32cImplementationName() === 'wasm') await (attempt ??= useNativeCrc32c());
  return crc32cImplementationName() === 'native';
}
