// Records from a byte stream: split on a delimiter (default newline), each piece optionally split
// once more into key and value, and handed to a callback as views of the read chunks (no copy)
// except the one that straddles two chunks. A chunk's bytes are referred to only during its own
// push() (the unfinished tail is copied): lk produce copies every record into a batch at once and
// reuses a read buffer as soon as its push returned.

export interface SplitOptions {
  delimiter: Buffer;
  keyDelimiter: Buffer | null;
}

/** Called with each record's key (null without a key delimiter, or none in the piece) and value. */
export type OnRecord = (key: Uint8Array | null, value: Uint8Array) => void;

/** Turns chunks into records, keeping the unfinished tail for the next chunk. */
export class RecordSplitter {
  private tail: Buffer | null = null;

  private readonly options: SplitOptions;

  constructor(options: SplitOptions) {
    this.options = options;
  }

  /** Hands each record completed by `chunk` to `onRecord`, in order. */
  push(chunk: Buffer, onRecord: OnRecord): void {
    const { delimiter } = this.options;
    let from = 0;
    if (this.tail !== null) {
      // Search the joined bytes only near the seam, for a delimiter split across chunks.
      const seamStart = Math.max(0, this.tail.length - delimiter.length + 1);
      const joined = Buffer.concat([this.tail.subarray(seamStart), chunk.subarray(0, delimiter.length - 1)]);
      const inSeam = delimiter.length > 1 ? joined.indexOf(delimiter) : -1;
      if (inSeam >= 0) {
        const end = seamStart + inSeam;
        this.record(this.tail.subarray(0, end), onRecord);
        from = end + delimiter.length - this.tail.length;
        this.tail = null;
      } else {
        const at = chunk.indexOf(delimiter);
        if (at < 0) {
          this.tail = Buffer.concat([this.tail, chunk]);
          return;
        }
        this.record(Buffer.concat([this.tail, chunk.subarray(0, at)]), onRecord);
        from = at + delimiter.length;
        this.tail = null;
      }
    }
    // A one-byte delimiter is searched as a number (memchr). Without a key delimiter, a line is
    // a view of a plain Uint8Array over the chunk: a Buffer's subarray is built through
    // Symbol.species, at about twice the cost, once per record.
    const needle = delimiter.length === 1 ? delimiter[0]! : delimiter;
    if (this.options.keyDelimiter === null) {
      const lines = plainView(chunk);
      for (;;) {
        const at = chunk.indexOf(needle, from);
        if (at < 0) break;
        onRecord(null, lines.subarray(from, at));
        from = at + delimiter.length;
      }
    } else {
      for (;;) {
        const at = chunk.indexOf(needle, from);
        if (at < 0) break;
        this.record(chunk.subarray(from, at), onRecord);
        from = at + delimiter.length;
      }
    }
    // The tail is copied: the caller may reuse the chunk's memory after the next push.
    if (from < chunk.length) this.tail = Buffer.from(chunk.subarray(from));
  }

  /** The last record when the input does not end with the delimiter. */
  end(onRecord: OnRecord): void {
    const tail = this.tail;
    this.tail = null;
    if (tail !== null && tail.length > 0) this.record(tail, onRecord);
  }

  /** Splits `piece` at the key delimiter, if there is one to search for. */
  private record(piece: Buffer, onRecord: OnRecord): void {
    const { keyDelimiter } = this.options;
    const at = keyDelimiter === null ? -1 : piece.indexOf(keyDelimiter);
    if (at < 0) onRecord(null, piece);
    else onRecord(piece.subarray(0, at), piece.subarray(at + keyDelimiter!.length));
  }
}

function plainView(chunk: Buffer): Uint8Array {
  return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
}

/** Unescapes \n, \t, \r, \0 and \\ in a delimiter given on the command line. */
export function delimiterBytes(text: string): Buffer {
  return Buffer.from(
    text.replace(
      /\\([ntr0\\])/g,
      (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\' })[c]!,
    ),
  );
}
