// Records from a byte stream: split on a delimiter (default newline), each piece optionally split
// once more into key and value. Pieces are views of the read chunks (no copy) except the one that
// straddles two chunks; a chunk's bytes are so in the records of its own push() and at most of the
// next one (lk produce reuses read buffers on that promise).
import type { ProducerRecord } from '@lk/producer';

export interface SplitOptions {
  delimiter: Buffer;
  keyDelimiter: Buffer | null;
  headers: readonly { key: string; value: Uint8Array }[];
  partition: number | undefined;
}

/** Turns chunks into arrays of records, keeping the unfinished tail for the next chunk. */
export class RecordSplitter {
  private tail: Buffer | null = null;

  private readonly options: SplitOptions;

  constructor(options: SplitOptions) {
    this.options = options;
  }

  /** The records completed by `chunk`. */
  push(chunk: Buffer): ProducerRecord[] {
    const { delimiter } = this.options;
    const out: ProducerRecord[] = [];
    let from = 0;
    if (this.tail !== null) {
      // Search the joined bytes only near the seam, for a delimiter split across chunks.
      const seamStart = Math.max(0, this.tail.length - delimiter.length + 1);
      const joined = Buffer.concat([this.tail.subarray(seamStart), chunk.subarray(0, delimiter.length - 1)]);
      const inSeam = delimiter.length > 1 ? joined.indexOf(delimiter) : -1;
      if (inSeam >= 0) {
        const end = seamStart + inSeam;
        out.push(this.record(this.tail.subarray(0, end)));
        from = end + delimiter.length - this.tail.length;
        this.tail = null;
      } else {
        const at = chunk.indexOf(delimiter);
        if (at < 0) {
          this.tail = Buffer.concat([this.tail, chunk]);
          return out;
        }
        out.push(this.record(Buffer.concat([this.tail, chunk.subarray(0, at)])));
        from = at + delimiter.length;
        this.tail = null;
      }
    }
    // A one-byte delimiter is searched as a number (memchr). Without a key delimiter, a line is
    // a view of a plain Uint8Array over the chunk: a Buffer's subarray is built through
    // Symbol.species, at about twice the cost, once per record.
    const needle = delimiter.length === 1 ? delimiter[0]! : delimiter;
    const lines = this.options.keyDelimiter === null ? plainView(chunk) : chunk;
    for (;;) {
      const at = chunk.indexOf(needle, from);
      if (at < 0) break;
      out.push(this.record(lines.subarray(from, at)));
      from = at + delimiter.length;
    }
    if (from < chunk.length) this.tail = chunk.subarray(from);
    return out;
  }

  /** The last record when the input does not end with the delimiter. */
  end(): ProducerRecord[] {
    const tail = this.tail;
    this.tail = null;
    return tail === null || tail.length === 0 ? [] : [this.record(tail)];
  }

  /** A record of `piece` (a Buffer whenever there is a key delimiter to search for). */
  private record(piece: Uint8Array): ProducerRecord {
    const { keyDelimiter, headers, partition } = this.options;
    let key: Uint8Array | null = null;
    let value: Uint8Array = piece;
    if (keyDelimiter !== null) {
      const at = (piece as Buffer).indexOf(keyDelimiter);
      if (at >= 0) {
        key = piece.subarray(0, at);
        value = piece.subarray(at + keyDelimiter.length);
      }
    }
    const record: ProducerRecord = { key, value };
    if (headers.length > 0) record.headers = headers;
    if (partition !== undefined) record.partition = partition;
    return record;
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
