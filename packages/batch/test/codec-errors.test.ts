import {
  asDecompressError,
  DecodeError,
  DecompressError,
  decompressCorrupt,
  decompressTooLarge,
  LkError,
} from '@lk/batch';
import { describe, expect, it } from 'vitest';

describe('codec error helpers', () => {
  it('decompressTooLarge: LK_DECOMPRESS_TOO_LARGE, with or without what gave the size away', () => {
    const plain = decompressTooLarge('gzip', 1024);
    expect([plain.code, plain.message]).toEqual([
      'LK_DECOMPRESS_TOO_LARGE',
      'gzip output exceeds maxOutputSize 1024',
    ]);
    const detailed = decompressTooLarge('zstd', 1024, 'a frame declares 68719476736 bytes');
    expect(detailed.message).toBe('zstd: a frame declares 68719476736 bytes, more than maxOutputSize 1024');
    expect(detailed).toBeInstanceOf(DecompressError);
    expect(detailed).toBeInstanceOf(DecodeError);
  });

  it('decompressCorrupt: LK_DECOMPRESS with the byte offset and the cause', () => {
    const cause = new RangeError('inner');
    const error = decompressCorrupt('lz4', 'bad magic', { offset: 0, cause });
    expect([error.code, error.message, error.offset, error.cause]).toEqual([
      'LK_DECOMPRESS',
      'corrupt lz4 data: bad magic (at byte 0)',
      0,
      cause,
    ]);
    expect(decompressCorrupt('snappy', 'x').offset).toBeUndefined();
  });

  it('asDecompressError passes DecompressErrors through and wraps anything else', () => {
    const ours = decompressTooLarge('gzip', 1);
    expect(asDecompressError('gzip', ours)).toBe(ours);
    const thrown = new Error('Z_DATA_ERROR');
    const wrapped = asDecompressError('gzip', thrown);
    expect([wrapped.code, wrapped.message, wrapped.cause]).toEqual([
      'LK_DECOMPRESS',
      'corrupt gzip data: Z_DATA_ERROR',
      thrown,
    ]);
    expect(asDecompressError('zstd', 'a string').message).toBe('corrupt zstd data: a string');
  });

  it('re-exports the lk error base class, so codecs need no other lk package', () => {
    expect(decompressCorrupt('gzip', 'x')).toBeInstanceOf(LkError);
  });
});
