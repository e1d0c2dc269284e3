import { varintSize, varlongNumberSize } from '@lk/varint';
import { utf8Length } from '@lk/wire';
import type { RecordHeader } from './types.ts';

/** Bytes a nullable length-prefixed byte field takes (null is the one-byte length -1). */
export function bytesFieldSize(bytes: Uint8Array | null): number {
  return bytes === null ? 1 : varintSize(bytes.length) + bytes.length;
}

/** Bytes the headers section takes: the count, then each key and value. */
export function headersSize(headers: readonly RecordHeader[]): number {
  let size = varintSize(headers.length);
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i]!;
    const keyLength = utf8Length(header.key);
    size += varintSize(keyLength) + keyLength + bytesFieldSize(header.value);
  }
  return size;
}

/**
 * Bytes of a record after its length prefix (attributes through the last header): the value the
 * length prefix carries. Pass it to {@link writeRecordFields}.
 */
export function recordBodySize(
  timestampDelta: number,
  offsetDelta: number,
  key: Uint8Array | null,
  value: Uint8Array | null,
  headers: readonly RecordHeader[],
): number {
  return (
    1 +
    varlongNumberSize(timestampDelta) +
    varintSize(offsetDelta) +
    bytesFieldSize(key) +
    bytesFieldSize(value) +
    (headers.length === 0 ? 1 : headersSize(headers))
  );
}

/** Bytes a whole record takes on the wire, length prefix included. */
export function recordSize(bodySize: number): number {
  return varintSize(bodySize) + bodySize;
}
