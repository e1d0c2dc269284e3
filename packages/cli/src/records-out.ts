// How `lk consume` prints a record (a fetched batch's cursor at it): a compiled format string, or
// one JSON object per line.
import type { RecordSetCursor } from '@lk/batch';
import type { FormatPart } from './format.ts';
import { bytesToJson, toJson } from './json.ts';
import type { DataOut } from './output.ts';

export type RecordPrinter = (out: DataOut, record: RecordSetCursor, topic: string, partition: number) => void;

export function formatPrinter(parts: readonly FormatPart[]): RecordPrinter {
  return (out, record, topic, partition) => {
    for (const part of parts) out.write(part(record, topic, partition));
  };
}

/**
 * The default output (`%s\n`), per record the value's bytes (a view of the fetched batch) and a
 * newline, copied into the output chunk: no format parts to walk, no string, no one-byte array.
 */
export const valueLinePrinter: RecordPrinter = (out, record) => {
  if (record.valueLength > 0) out.writeBytes(record.value()!);
  out.writeByte(NEWLINE);
};

const NEWLINE = 0x0a;

/**
 * JSON lines: `{"topic","partition","offset","timestamp","key","value","headers"}`; offset as a
 * string (int64), key/value/header values as strings when UTF-8, else `{"base64": ...}`.
 */
export const jsonPrinter: RecordPrinter = (out, record, topic, partition) => {
  out.write(
    `${toJson({
      topic,
      partition,
      offset: record.offset(),
      timestamp: record.timestamp(),
      key: bytesToJson(record.key()),
      value: bytesToJson(record.value()),
      headers: record.headers().map((h) => ({ key: h.key, value: bytesToJson(h.value) })),
    })}\n`,
  );
};
