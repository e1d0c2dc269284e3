// stdout for data: writes gathered into large chunks, and the producer of data waits for 'drain'
// when the stream's buffer is full, so a slow reader (a pipe, a terminal) bounds memory.
import type { Writable } from 'node:stream';

const CHUNK = 256 * 1024;
const utf8 = new TextEncoder();

/** A buffered binary writer over a Writable. */
export class DataOut {
  private buffer = Buffer.allocUnsafe(CHUNK);
  private used = 0;

  private readonly stream: Writable;

  constructor(stream: Writable) {
    this.stream = stream;
  }

  /** Appends bytes or UTF-8 text; call {@link maybeFlush} now and then. */
  write(data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? utf8.encode(data) : data;
    if (this.used + bytes.length > this.buffer.length) {
      this.push();
      if (bytes.length > this.buffer.length) {
        this.stream.write(bytes);
        return;
      }
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Hands full chunks to the stream; resolves once the stream can take more. */
  async maybeFlush(): Promise<void> {
    if (this.used >= CHUNK / 2) this.push();
    if (this.stream.writableNeedDrain)
      await new Promise<void>((resolve) => this.stream.once('drain', resolve));
  }

  /** Writes out everything and waits until the stream took it. */
  async flush(): Promise<void> {
    this.push();
    await new Promise<void>((resolve, reject) =>
      this.stream.write('', (error) => (error ? reject(error) : resolve())),
    );
  }

  private push(): void {
    if (this.used === 0) return;
    this.stream.write(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
  }
}
