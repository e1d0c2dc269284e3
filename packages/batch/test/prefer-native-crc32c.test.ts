import { afterAll, describe, expect, it } from 'vitest';
import {
  crc32cImplementationName,
  crc32cJs,
  preferNativeCrc32c,
  setCrc32cImplementation,
} from '../src/index.ts';

afterAll(() => setCrc32cImplementation(null));

describe('preferNativeCrc32c', () => {
  it('keeps an implementation the application chose', async () => {
    expect(setCrc32cImplementation(crc32cJs)).toBe(true);
    expect(await preferNativeCrc32c()).toBe(false);
    expect(crc32cImplementationName()).toBe('js');
  });

  // @node-rs/crc32 is installed in the workspace (a dev dependency of @lk/batch).
  it('replaces the default WebAssembly implementation with the native one', async () => {
    setCrc32cImplementation(null);
    expect(crc32cImplementationName()).toBe('wasm');
    expect(await preferNativeCrc32c()).toBe(true);
    expect(crc32cImplementationName()).toBe('native');
  });
});
