import { DecodeError, errorKind } from '@lk/wire';

/**
 * A batch or message set whose bytes are inconsistent: CRC mismatch, impossible lengths or
 * counts, wrong magic. Never retry with the same bytes (the broker calls this CORRUPT_MESSAGE).
 */
export class CorruptBatchError extends DecodeError {
  static override readonly [errorKind]: string = 'CorruptBatchError';
}
