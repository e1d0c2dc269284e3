import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { piecesLength, writePieces } from '../src/index.ts';

/** A real stream that records how its writes arrived: one writev call per corked group. */
function recordingStream(highWaterMark: number): { stream: Writable; calls: Uint8Array[][] } {
  const calls: Uint8Array[][] = [];
  const stream = new Writable({
    highWaterMark,
    write(chunk, _encoding, callback) {
      calls.push([chunk]);
      callback();
    },
    writev(chunks, callback) {
      calls.push(chunks.map((entry) => entry.chunk));
      callback();
    },
  });
  return { stream, calls };
}

describe('writePieces', () => {
  it('writes the pieces of a frame in one writev, in order, and reports the last write', async () => {
    const { stream, calls } = recordingStream(1 << 20);
    const pieces = [Uint8Array.of(0, 0, 0, 5), Uint8Array.of(1, 2), Uint8Array.of(3, 4, 5)];
    const done = new Promise<Error | null | undefined>((resolve) => writePieces(stream, pieces, resolve));
    expect(await done).toBeFalsy();
    expect(calls).toHaveLength(1);
    expect(Buffer.concat(calls[0]!)).toEqual(Buffer.from([0, 0, 0, 5, 1, 2, 3, 4, 5]));
  });

  it('writes a whole frame with one write, and returns false once the buffer is full', () => {
    const { stream, calls } = recordingStream(4);
    // The first write goes to the stream at once; the second waits in its buffer (past 4 bytes).
    expect(writePieces(stream, Uint8Array.of(1, 2, 3))).toBe(true);
    expect(writePieces(stream, [Uint8Array.of(4, 5), Uint8Array.of(6, 7, 8)])).toBe(false);
    expect(calls[0]!.map((chunk) => [...chunk])).toEqual([[1, 2, 3]]);
  });
});

describe('piecesLength', () => {
  it('sums the pieces, or takes a whole frame length', () => {
    expect(piecesLength(new Uint8Array(7))).toBe(7);
    expect(piecesLength([new Uint8Array(3), new Uint8Array(0), new Uint8Array(9)])).toBe(12);
    expect(piecesLength([])).toBe(0);
  });
});
