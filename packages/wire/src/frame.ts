import { DecodeError, errorKind } from '@lk/varint';
import { allocateUninitialized } from './allocate.ts';

/** The largest frame accepted unless configured otherwise: 100 MiB, librdkafka's and franz-go's default. */
export const DEFAULT_MAX_FRAME_SIZE = 100 * 1024 * 1024;

/** Options for {@link FrameDecoder}. */
export interface FrameDecoderOptions {
  /** Frames whose size field exceeds this are refused before any allocation. */
  maxFrameSize?: number;
}

/** A frame that cannot be accepted: negative or oversized length, or bytes that are not Kafka at all. */
export class FrameError extends DecodeError {
  static override readonly [errorKind]: string = 'FrameError';
}

/**
 * Splits a byte stream into Kafka frames (an int32 size, then that many bytes). Feed it chunks as
 * they arrive; it returns every frame completed so far, whatever the chunk boundaries, and keeps
 * the partial tail. A frame's buffer is allocated once, at its exact size, only after the size was
 * checked against `maxFrameSize`.
 */
export class FrameDecoder {
  readonly maxFrameSize: number;
  private readonly header = new Uint8Array(4);
  private headerFilled = 0;
  private frame: Uint8Array | null = null;
  private frameFilled = 0;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxFrameSize = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
  }

  /** Bytes of an incomplete frame held back (header included). */
  get pending(): number {
    return this.headerFilled + this.frameFilled;
  }

  /** Consumes `chunk` and returns the frames it completed (their payload, without the size field). */
  push(chunk: Uint8Array): Uint8Array[] {
    const frames: Uint8Array[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      if (this.frame === null) {
        // A whole frame inside the chunk, with no partial header: hand out a view, no copy.
        if (this.headerFilled === 0 && chunk.length - pos >= 4) {
          const size = this.checkSize(chunk, pos);
          if (chunk.length - pos - 4 >= size) {
            frames.push(chunk.subarray(pos + 4, pos + 4 + size));
            pos += 4 + size;
            continue;
          }
        }
        const take = Math.min(4 - this.headerFilled, chunk.length - pos);
        this.header.set(chunk.subarray(pos, pos + take), this.headerFilled);
        this.headerFilled += take;
        pos += take;
        if (this.headerFilled < 4) break;
        // Every byte is overwritten by the stream before the frame is handed out.
        this.frame = allocateUninitialized(this.checkSize(this.header, 0));
        this.frameFilled = 0;
      }
      const take = Math.min(this.frame.length - this.frameFilled, chunk.length - pos);
      this.frame.set(chunk.subarray(pos, pos + take), this.frameFilled);
      this.frameFilled += take;
      pos += take;
      if (this.frameFilled === this.frame.length) {
        frames.push(this.frame);
        this.frame = null;
        this.headerFilled = 0;
        this.frameFilled = 0;
      }
    }
    return frames;
  }

  private checkSize(bytes: Uint8Array, at: number): number {
    const b0 = bytes[at]!;
    const b1 = bytes[at + 1]!;
    const b2 = bytes[at + 2]!;
    const b3 = bytes[at + 3]!;
    const size = (b0 << 24) | (b1 << 16) | (b2 << 8) | b3 | 0;
    if (b0 === 0x48 && b1 === 0x54 && b2 === 0x54 && b3 === 0x50) {
      throw new FrameError('LK_FRAME_NOT_KAFKA', 'the peer answered with HTTP, not Kafka (wrong port?)');
    }
    if ((b0 === 0x15 || b0 === 0x16) && b1 === 0x03 && b2 <= 0x04) {
      throw new FrameError(
        'LK_FRAME_NOT_KAFKA',
        'the peer answered with TLS: connect with TLS to this listener',
      );
    }
    if (size < 0) throw new FrameError('LK_FRAME_SIZE', `negative frame size ${size}`);
    if (size > this.maxFrameSize) {
      throw new FrameError(
        'LK_FRAME_TOO_LARGE',
        `frame of ${size} bytes exceeds the maximum of ${this.maxFrameSize}`,
      );
    }
    return size;
  }
}
