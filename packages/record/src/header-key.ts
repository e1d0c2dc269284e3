// TextDecoder exists in every runtime lk targets, but not in the ES lib typings compiled against.
declare const TextDecoder: new (
  label: string,
  options: { fatal: boolean; ignoreBOM: boolean },
) => { decode(input: Uint8Array): string };

// Lenient, as Java's Utils.utf8: one producer's malformed header key must not make a whole
// partition unreadable, so invalid sequences become U+FFFD instead of an error.
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Decodes a header key, with a no-allocation fast path for short ASCII keys. */
export function decodeHeaderKey(buf: Uint8Array, start: number, end: number): string {
  if (end - start <= 32) {
    let key = '';
    let i = start;
    for (; i < end; i++) {
      const byte = buf[i]!;
      if (byte >= 0x80) break;
      key += String.fromCharCode(byte);
    }
    if (i === end) return key;
  }
  return decoder.decode(buf.subarray(start, end));
}
