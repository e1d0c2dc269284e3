import { type Cursor, DecodeError } from '@lk/varint';
import { RecordCursor } from './cursor.ts';
import type { KafkaRecord } from './types.ts';

/**
 * Decodes the one record at `cursor.pos` (length prefix included) and advances the cursor past it.
 * Key, value and header values are zero-copy views of `buf`. Throws a DecodeError
 * ({@link CorruptRecordError} for inconsistent lengths) on malformed or truncated input.
 *
 * @example
 * ```ts
 * const at = { pos: 0 };
 * const record = decodeRecord(bytes, at); // { offsetDelta: 0, key: …, value: …, headers: [] }
 * ```
 */
export function decodeRecord(buf: Uint8Array, cursor: Cursor, end: number = buf.length): KafkaRecord {
  const reader = new RecordCursor(buf, cursor.pos, end);
  if (!reader.next()) throw new DecodeError('LK_RECORD_TRUNCATED', 'no record before the end', cursor.pos);
  cursor.pos = reader.pos;
  return {
    attributes: reader.attributes,
    timestampDelta: reader.timestampDelta,
    offsetDelta: reader.offsetDelta,
    key: reader.key(),
    value: reader.value(),
    headers: reader.headers(),
  };
}
