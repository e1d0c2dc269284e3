import { DecodeError } from '@lk/varint';

// TextEncoder/TextDecoder exist in every JavaScript runtime lk targets, but not in the ES lib
// typings this package compiles against (it must not pull in DOM or Node types).
declare const TextEncoder: new () => { encodeInto(source: string, destination: Uint8Array): unknown };
declare const TextDecoder: new (
  label: string,
  options: { fatal: boolean; ignoreBOM: boolean },
) => { decode(input: Uint8Array): string };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Short ASCII strings are the common case (topic names, ids); a loop beats TextEncoder there. */
const SHORT_STRING = 32;

/** UTF-8 byte length of `value` without encoding it. Lone surrogates count as U+FFFD (3 bytes). */
export function utf8Length(value: string): number {
  let length = value.length;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) length += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length += 2;
        i++;
      } else length += 2;
    } else length += 2;
  }
  return length;
}

/** Writes `value` as UTF-8 at `pos` (the caller ensured room for `byteLength` bytes). */
export function writeUtf8(buf: Uint8Array, pos: number, value: string, byteLength: number): void {
  if (byteLength === value.length && byteLength <= SHORT_STRING) {
    for (let i = 0; i < byteLength; i++) buf[pos + i] = value.charCodeAt(i);
    return;
  }
  encoder.encodeInto(value, buf.subarray(pos, pos + byteLength));
}

/** Decodes UTF-8 strictly: invalid sequences are a DecodeError, never silently replaced. */
export function readUtf8(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_STRING) {
    let out = '';
    let i = start;
    for (; i < end; i++) {
      const byte = buf[i]!;
      if (byte >= 0x80) break;
      out += String.fromCharCode(byte);
    }
    if (i === end) return out;
  }
  try {
    return decoder.decode(buf.subarray(start, end));
  } catch (cause) {
    throw new DecodeError('LK_WIRE_UTF8', 'string is not valid UTF-8', start, { cause });
  }
}
