import { DecodeError, errorKind } from '@lk/varint';

/** A record whose lengths or counts do not agree with its bytes (Java's "corrupt record"). */
export class CorruptRecordError extends DecodeError {
  static override readonly [errorKind]: string = 'CorruptRecordError';
}
