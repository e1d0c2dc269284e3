import { DecodeError, errorKind } from '@lk/varint';
import { allocateUninitialized } from './allocate.ts';

/** The largest frame accepted unless configured otherwise: 100 MiB, librdkafka's and franz-go's default. */
export const DEFAULT_MAX_FRAME_SIZE = 100 * 1024 * 1024;

/** Size of the reusable buffer {@link FrameDecoder.readBuffer} offers between frames. */
const SCRATCH_SIZE = 64 * 1024;

/** Options for {@link FrameDecoder}. */
export interface FrameDecoderOptions {
  /** Frames whose size field exceeds this are refused before any allocation. */
  maxFrameSize?: number;
  /**
   * Memory for a frame of `size` bytes (already checked against `maxFrameSize`), e.g. from a pool
   * of reused buffers. It must be exactly `size` bytes long; every byte is overwritten before the
   * frame is handed out. Default: fresh, uninitialised memory. Frames that arrive whole inside one
   * pushed chunk are views of (or, from the read buffer, copies out of) that chunk instead.
   * `completedBefore` counts the frames the same push (or commit) completed before this one and
   * has not handed out yet: a pipelining caller finds the frame's owner by it.
   */
  allocate?: (size: number, completedBefore: number) => Uint8Array;
}

/** A frame that cannot be accepted: negative or oversized length, or bytes that are not Kafka at all. */
export class FrameError extends DecodeError<'LK_FRAME_SIZE' | 'LK_FRAME_TOO_LARGE' | 'LK_FRAME_NOT_KAFKA'> {
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
  private readonly allocate: (size: number, completedBefore: number) => Uint8Array;
  private readonly header = new Uint8Array(4);
  private headerFilled = 0;
  private frame: Uint8Array | null = null;
  private frameFilled = 0;
  /** Reused between frames by {@link readBuffer}; frames read through it are copied out. */
  private scratch: Uint8Array | null = null;
  /** What the last {@link readBuffer} returned: the frame's unfilled tail, the scratch, or nothing. */
  private lent: 'frame' | 'scratch' | null = null;

  constructor(options: FrameDecoderOptions = {}) {
    this.maxFrameSize = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
    this.allocate = options.allocate ?? allocateUninitialized;
  }

  /** Bytes of an incomplete frame held back (header included). */
  get pending(): number {
    return this.headerFilled + this.frameFilled;
  }

  /** Consumes `chunk` and returns the frames it completed (their payload, without the size field). */
  push(chunk: Uint8Array): Uint8Array[] {
    return this.consume(chunk, false);
  }

  /**
   * For streams that read into memory the caller supplies (Node's `onread`): where the next read
   * should land. Inside a frame, it is the frame's unfilled tail, so large frames are read in place
   * with no copy; between frames, a reused scratch buffer. Write at most its length, starting at
   * its first byte, then call {@link commit} with the count before asking again.
   */
  readBuffer(): Uint8Array {
    if (this.frame !== null) {
      this.lent = 'frame';
      return this.frame.subarray(this.frameFilled);
    }
    this.lent = 'scratch';
    this.scratch ??= new Uint8Array(SCRATCH_SIZE);
    return this.scratch;
  }

  /**
   * `length` bytes were written at the start of the last {@link readBuffer}: returns the frames
   * they completed, as {@link push} does. Frames are never views of the scratch buffer.
   */
  commit(length: number): Uint8Array[] {
    const lent = this.lent;
    this.lent = null;
    if (lent === 'frame' && this.frame !== null) {
      const frame = this.frame;
      if (!(length >= 0 && length <= frame.length - this.frameFilled)) {
        throw new RangeError(`commit of ${length} bytes, ${frame.length - this.frameFilled} were lent`);
      }
      this.frameFilled += length;
      if (this.frameFilled < frame.length) return [];
      this.endFrame();
      return [frame];
    }
    const scratch = this.scratch;
    if (lent !== 'scratch' || scratch === null || !(length >= 0 && length <= scratch.length)) {
      throw new RangeError(`commit of ${length} bytes without a matching readBuffer()`);
    }
    return this.consume(scratch.subarray(0, length), true);
  }

  /** {@link push}, with frames that lie whole in `chunk` copied out when `chunk` will be reused. */
  private consume(chunk: Uint8Array, copyWhole: boolean): Uint8Array[] {
    const frames: Uint8Array[] = [];
    let pos = 0;
    while (pos < chunk.length) {
      if (this.frame === null) {
        // A whole frame inside the chunk, with no partial header: hand out a view, no copy.
        if (this.headerFilled === 0 && chunk.length - pos >= 4) {
          const size = this.checkSize(chunk, pos);
          if (chunk.length - pos - 4 >= size) {
            const view = chunk.subarray(pos + 4, pos + 4 + size);
            frames.push(copyWhole ? view.slice() : view);
            pos += 4 + size;
            continue;
          }
        }
        const take = Math.min(4 - this.headerFilled, chunk.length - pos);
        this.header.set(chunk.subarray(pos, pos + take), this.headerFilled);
        this.headerFilled += take;
        pos += take;
        if (this.headerFilled < 4) break;
        this.frame = this.frameMemory(this.checkSize(this.header, 0), frames.length);
        this.frameFilled = 0;
      }
      const take = Math.min(this.frame.length - this.frameFilled, chunk.length - pos);
      this.frame.set(chunk.subarray(pos, pos + take), this.frameFilled);
      this.frameFilled += take;
      pos += take;
      if (this.frameFilled === this.frame.length) {
        frames.push(this.frame);
        this.endFrame();
      }
    }
    return frames;
  }

  /** The frame was handed out: the next bytes start a new header. */
  private endFrame(): void {
    this.frame = null;
    this.headerFilled = 0;
    this.frameFilled = 0;
  }

  /** Every byte is overwritten by the stream before the frame is handed out. */
  private frameMemory(size: number, completedBefore: number): Uint8Array {
    const memory = this.allocate(size, completedBefore);
    if (memory.length !== size) {
      throw new RangeError(`allocate(${size}) returned ${memory.length} bytes`);
    }
    return memory;
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
