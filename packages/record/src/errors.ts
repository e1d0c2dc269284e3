import { DecodeError, errorKind } from '@lk/varint';

/** A record whose lengths or counts do not agree with its bytes (Java's "corrupt record"). */
export class CorruptRecordError extends DecodeError<'LK_RECORD_CORRUPT'> {
  static override readonly [errorKind]: string = 'CorruptRecordError';
}
