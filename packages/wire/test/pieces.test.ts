import { describe, expect, it } from 'vitest';
import { type CorkableSink, piecesLength, writePieces } from '../src/index.ts';

/**
 * A sink with a Writable's cork semantics (writes made while corked leave together, as one writev,
 * at uncork) and its backpressure answer (false once more than `highWaterMark` bytes wait). This
 * package has no Node types: the real sockets are exercised by @lk/client's and @lk/fake's tests,
 * whose large produce and fetch frames go through writePieces.
 */
class RecordingSink implements CorkableSink {
  readonly writevs: number[][][] = [];
  readonly callbacks: string[] = [];
  private corked: number[][] | null = null;
  private waiting = 0;
  private readonly highWaterMark: number;
  constructor(highWaterMark: number) {
    this.highWaterMark = highWaterMark;
  }
  cork(): void {
    this.corked = [];
  }
  uncork(): void {
    if (this.corked) this.writevs.push(this.corked);
    this.corked = null;
  }
  write(chunk: Uint8Array, callback?: (error?: Error | null) => void): boolean {
    if (this.corked) this.corked.push([...chunk]);
    else this.writevs.push([[...chunk]]);
    if (callback) this.callbacks.push(`after ${chunk.length} bytes`);
    this.waiting += chunk.length;
    return this.waiting < this.highWaterMark;
  }
}

describe('writePieces', () => {
  it('writes the pieces of a frame corked, in order, with the callback on the last piece', () => {
    const sink = new RecordingSink(1 << 20);
    const pieces = [Uint8Array.of(0, 0, 0, 5), Uint8Array.of(1, 2), Uint8Array.of(3, 4, 5)];
    expect(writePieces(sink, pieces, () => {})).toBe(true);
    expect(sink.writevs).toEqual([
      [
        [0, 0, 0, 5],
        [1, 2],
        [3, 4, 5],
      ],
    ]);
    expect(sink.callbacks).toEqual(['after 3 bytes']);
  });

  it('writes a whole frame, or a single piece, with one uncorked write', () => {
    const sink = new RecordingSink(1 << 20);
    writePieces(sink, Uint8Array.of(1, 2, 3), () => {});
    writePieces(sink, [Uint8Array.of(4)], () => {});
    expect(sink.writevs).toEqual([[[1, 2, 3]], [[4]]]);
    expect(sink.callbacks).toEqual(['after 3 bytes', 'after 1 bytes']);
  });

  it("returns the last write's backpressure answer", () => {
    const sink = new RecordingSink(4);
    expect(writePieces(sink, Uint8Array.of(1, 2, 3))).toBe(true);
    expect(writePieces(sink, [Uint8Array.of(4, 5), Uint8Array.of(6, 7, 8)])).toBe(false);
  });
});

describe('piecesLength', () => {
  it('sums the pieces, or takes a whole frame length', () => {
    expect(piecesLength(new Uint8Array(7))).toBe(7);
    expect(piecesLength([new Uint8Array(3), new Uint8Array(0), new Uint8Array(9)])).toBe(12);
    expect(piecesLength([])).toBe(0);
  });
});
