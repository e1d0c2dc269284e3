// stdout for data: writes gathered into large chunks, and the producer of data waits for 'drain'
// when the stream's buffer is full, so a slow reader (a pipe, a terminal) bounds memory.
// A chunk goes back to a free list once the stream wrote it, when the stream writes to a file
// descriptor (stdout: a file, pipe or terminal; done with the bytes once it called back): a fresh
// 256 KiB buffer per chunk made V8 run a full GC every few MiB (external memory pressure), ~15 %
// of lk consume's CPU. Any other Writable (a PassThrough, a caller's stream) may keep the chunk
// it was given, so it gets fresh ones.
import type { Writable } from 'node:stream';

const CHUNK = 256 * 1024;
/** Spare chunks kept for reuse; more are only allocated while the stream holds this many. */
const SPARE_CHUNKS = 8;

/** A buffered binary writer over a Writable. */
export class DataOut {
  private buffer: Buffer = Buffer.allocUnsafeSlow(CHUNK);
  private used = 0;
  private readonly spare: Buffer[] = [];

  private readonly stream: Writable;
  private readonly reuseChunks: boolean;

  constructor(stream: Writable) {
    this.stream = stream;
    this.reuseChunks = typeof (stream as { fd?: unknown }).fd === 'number';
  }

  /** Appends bytes or UTF-8 text; call {@link maybeFlush} now and then. */
  write(data: Uint8Array | string): void {
    if (typeof data !== 'string') {
      this.writeBytes(data);
      return;
    }
    // At most 3 bytes per UTF-16 unit: written in place when that surely fits.
    if (data.length * 3 > CHUNK - this.used) {
      this.writeBytes(Buffer.from(data));
      return;
    }
    this.used += this.buffer.write(data, this.used);
  }

  /** Appends one byte (a delimiter): no one-byte array to copy from. */
  writeByte(byte: number): void {
    if (this.used === CHUNK) this.push();
    this.buffer[this.used++] = byte;
  }

  /** Appends bytes, copied into the current chunk (a chunk of its own past the chunk size). */
  writeBytes(data: Uint8Array): void {
    if (this.used + data.length > CHUNK) {
      this.push();
      if (data.length > CHUNK) {
        this.stream.write(data);
        return;
      }
    }
    this.buffer.set(data, this.used);
    this.used += data.length;
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
    const full = this.buffer;
    this.stream.write(
      full.subarray(0, this.used),
      this.reuseChunks ? () => this.spare.length < SPARE_CHUNKS && this.spare.push(full) : undefined,
    );
    this.buffer = this.spare.pop() ?? Buffer.allocUnsafeSlow(CHUNK);
    this.used = 0;
  }
}
