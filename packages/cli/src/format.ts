// kcat-style output format strings (-f): %t topic, %p partition, %o offset, %k key, %s value,
// %K key length, %S value length, %T timestamp, %h headers, %%; escapes \n \r \t \0 \\.
// Compiled once into a list of parts; each record is written as bytes, so values stay binary-safe.
import type { RecordSetCursor } from '@lk/batch';
import { UsageError } from './errors.ts';

/** What a part writes for the cursor's current record: bytes as they are, or text. */
export type FormatPart = (record: RecordSetCursor, topic: string, partition: number) => Uint8Array | string;

const utf8 = new TextEncoder();
const text = new TextDecoder();
const EMPTY = new Uint8Array(0);

function headersText(record: RecordSetCursor): string {
  return record
    .headers()
    .map((h) => `${h.key}=${h.value === null ? '' : text.decode(h.value)}`)
    .join(',');
}

const FIELDS: Record<string, FormatPart> = {
  t: (_r, topic) => topic,
  p: (_r, _t, partition) => String(partition),
  o: (r) => r.offset().toString(),
  k: (r) => r.key() ?? EMPTY,
  s: (r) => r.value() ?? EMPTY,
  K: (r) => String(r.keyLength),
  S: (r) => String(r.valueLength),
  T: (r) => String(r.timestamp()),
  h: headersText,
};

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '0': '\0', '\\': '\\' };

/** Compiles a format string; an unknown %x or \x is a UsageError naming `flag`. */
export function compileFormat(format: string, flag = '--format'): FormatPart[] {
  const parts: FormatPart[] = [];
  let literal = '';
  const flush = () => {
    if (literal !== '') {
      const bytes = utf8.encode(literal);
      parts.push(() => bytes);
      literal = '';
    }
  };
  for (let i = 0; i < format.length; i++) {
    const c = format[i]!;
    if (c === '%' || c === '\\') {
      const next = format[++i];
      if (c === '%' && next === '%') literal += '%';
      else if (c === '%' && next !== undefined && FIELDS[next] !== undefined) {
        flush();
        parts.push(FIELDS[next]);
      } else if (c === '\\' && next !== undefined && ESCAPES[next] !== undefined) literal += ESCAPES[next];
      else throw new UsageError(`${flag}: unknown ${c}${next ?? ''} in '${format}'`);
    } else literal += c;
  }
  flush();
  return parts;
}
