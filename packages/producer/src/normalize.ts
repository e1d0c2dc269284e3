import type { RecordHeader, RecordToAdd } from '@lk/batch';

/** A record to send. Strings are written as UTF-8. */
export interface ProducerRecord {
  key?: Uint8Array | string | null;
  value?: Uint8Array | string | null;
  headers?: readonly { key: string; value: Uint8Array | string | null }[];
  /** ms since the epoch (CreateTime); default: when `send` was called. */
  timestamp?: number;
  /** The partition to write to; default: the partitioner's choice. */
  partition?: number;
}

const utf8 = new TextEncoder();
/** Shared by every record without headers: no empty array per record. */
const NO_HEADERS: readonly RecordHeader[] = Object.freeze([]);

function bytes(value: Uint8Array | string | null | undefined): Uint8Array | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? utf8.encode(value) : value;
}

/** The record as the batch builder takes it: bytes everywhere, the timestamp fixed now. */
export function toRecordToAdd(record: ProducerRecord, now: number): RecordToAdd {
  const headers = record.headers;
  return {
    key: bytes(record.key),
    value: bytes(record.value),
    headers:
      headers === undefined || headers.length === 0
        ? NO_HEADERS
        : headers.map((h): RecordHeader => ({ key: h.key, value: bytes(h.value) })),
    timestamp: record.timestamp ?? now,
  };
}
