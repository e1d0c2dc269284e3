import { DecompressError } from '@lk/batch';

/**
 * The {@link DecompressError} for output beyond the caller's `maxOutputSize`.
 * @example `throw tooLarge(64 * 1024 * 1024)`
 */
export function tooLarge(maxOutputSize: number): DecompressError {
  return new DecompressError('LK_DECOMPRESS_TOO_LARGE', `gzip output exceeds maxOutputSize ${maxOutputSize}`);
}

/**
 * Turns whatever zlib threw while inflating into a {@link DecompressError}: zlib's
 * `ERR_BUFFER_TOO_LARGE` (its `maxOutputLength` was hit) becomes `LK_DECOMPRESS_TOO_LARGE`, anything
 * else (`Z_DATA_ERROR`, `Z_BUF_ERROR`…) `LK_DECOMPRESS` with the original as `cause`.
 */
export function fromZlib(error: unknown, maxOutputSize: number): DecompressError {
  if (error instanceof DecompressError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_BUFFER_TOO_LARGE') return tooLarge(maxOutputSize);
  const detail = error instanceof Error ? error.message : String(error);
  return new DecompressError('LK_DECOMPRESS', `corrupt gzip data: ${detail}`, undefined, { cause: error });
}
