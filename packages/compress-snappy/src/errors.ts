import { DecompressError } from '@lk/batch';

/**
 * The {@link DecompressError} for output beyond the caller's `maxOutputSize`.
 * @example `throw tooLarge(5_000_000_000, 64 * 1024 * 1024)`
 */
export function tooLarge(declared: number, maxOutputSize: number): DecompressError {
  return new DecompressError(
    'LK_DECOMPRESS_TOO_LARGE',
    `snappy data declares ${declared} bytes, more than maxOutputSize ${maxOutputSize}`,
  );
}

/**
 * The {@link DecompressError} for corrupt snappy data; `cause` keeps the library's error.
 * @example `throw corrupt('chunk length -1', 16)`
 */
export function corrupt(detail: string, offset?: number, cause?: unknown): DecompressError {
  return new DecompressError('LK_DECOMPRESS', `corrupt snappy data: ${detail}`, offset, { cause });
}
