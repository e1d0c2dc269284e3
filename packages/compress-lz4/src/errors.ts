import { DecompressError } from '@lk/batch';

/**
 * The {@link DecompressError} for output beyond the caller's `maxOutputSize`.
 * @example `throw tooLarge('the frame declares 68719476736 bytes', 64 * 1024 * 1024)`
 */
export function tooLarge(what: string, maxOutputSize: number): DecompressError {
  return new DecompressError(
    'LK_DECOMPRESS_TOO_LARGE',
    `lz4: ${what}, more than maxOutputSize ${maxOutputSize}`,
  );
}

/**
 * The {@link DecompressError} for a corrupt or unsupported LZ4 frame; `cause` keeps the library's error.
 * @example `throw corrupt('bad magic', 0)`
 */
export function corrupt(detail: string, offset?: number, cause?: unknown): DecompressError {
  return new DecompressError('LK_DECOMPRESS', `corrupt lz4 frame: ${detail}`, offset, { cause });
}
