/** What the zstd codec needs from a zstd implementation; `node:zlib` or the WebAssembly fallback. */
export interface ZstdBackend {
  /** `'node:zlib'` or `'wasm'`, for messages and tests. */
  readonly name: string;
  /** One frame of `data` at `level`. */
  compress(data: Uint8Array, level: number): Uint8Array;
  compressAsync?(data: Uint8Array, level: number): Promise<Uint8Array>;
  /**
   * Decodes exactly one frame (as split by `readFrames`), streaming, and throws a `DecompressError`
   * (`LK_DECOMPRESS_TOO_LARGE`) as soon as the output passes `budget` bytes.
   */
  decompressFrame(frame: Uint8Array, budget: number): Uint8Array;
  decompressFrameAsync?(frame: Uint8Array, budget: number): Promise<Uint8Array>;
}
