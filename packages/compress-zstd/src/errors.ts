import { DecompressError } from '@lk/batch';

/**
 * The {@link DecompressError} for output beyond the caller's `maxOutputSize`.
 * @example `throw tooLarge('a frame declares 68719476736 bytes', 64 * 1024 * 1024)`
 */
export function tooLarge(what: string, maxOutputSize: number): DecompressError {
  return new DecompressError(
    'LK_DECOMPRESS_TOO_LARGE',
    `zstd: ${what}, more than maxOutputSize ${maxOutputSize}`,
  );
}

/**
 * The {@link DecompressError} for corrupt or unsupported zstd data; `cause` keeps the library's error.
 * @example `throw corrupt('bad magic', 0)`
 */
export function corrupt(detail: string, offset?: number, cause?: unknown): DecompressError {
  return new DecompressError('LK_DECOMPRESS', `corrupt zstd data: ${detail}`, offset, { cause });
}

/** Whatever a decoder threw, as a {@link DecompressError} (ours pass through unchanged). */
export function asDecompressError(error: unknown): DecompressError {
  if (error instanceof DecompressError) return error;
  return corrupt(error instanceof Error ? error.message : String(error), undefined, error);
}
