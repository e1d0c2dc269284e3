/**
 * Frames in pieces: a request or response whose large byte fields are views of memory elsewhere
 * (see `Writer`'s `continuations`) travels as the list of its pieces instead of one copied frame.
 * @module
 */

/**
 * Where {@link writePieces} writes: a Node `net.Socket` or any `stream.Writable` fits. Structural,
 * so that this package needs no Node types and opens no socket itself.
 */
export interface CorkableSink {
  /** Holds the writes that follow in memory, until `uncork`. */
  cork(): void;
  /** Sends the writes held since `cork`, together. */
  uncork(): void;
  /** Queues `chunk`; false when the sink's buffer is full. `callback` runs once it is written. */
  write(chunk: Uint8Array, callback?: (error?: Error | null) => void): boolean;
}

/** The byte length of a frame given whole or in pieces. */
export function piecesLength(bytes: Uint8Array | readonly Uint8Array[]): number {
  if (bytes instanceof Uint8Array) return bytes.length;
  let length = 0;
  for (const piece of bytes) length += piece.length;
  return length;
}

/**
 * Writes a frame given whole or in pieces to `sink`. Pieces are written corked, so that they
 * leave in one writev as one frame would. `written` is called once the last piece is written (or
 * failed). Returns false when the sink's buffer is full (wait for `'drain'`), as `write` does.
 * The pieces' memory must stay unchanged until then.
 */
export function writePieces(
  sink: CorkableSink,
  bytes: Uint8Array | readonly Uint8Array[],
  written?: (error?: Error | null) => void,
): boolean {
  if (bytes instanceof Uint8Array) return sink.write(bytes, written);
  if (bytes.length === 1) return sink.write(bytes[0]!, written);
  sink.cork();
  const last = bytes.length - 1;
  for (let i = 0; i < last; i++) sink.write(bytes[i]!);
  const room = sink.write(bytes[last]!, written);
  sink.uncork();
  return room;
}
