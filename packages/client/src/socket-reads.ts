import type { Socket } from 'node:net';

/** Where a {@link SocketReads} puts the bytes: a {@link FrameDecoder}'s `readBuffer`/`commit`, wrapped. */
export interface ReadTarget {
  /** The memory the next read lands in. */
  buffer(): Uint8Array;
  /** `length` bytes were read into the start of the last `buffer()` (0: the read was taken elsewhere). */
  read(length: number): void;
  /** The target's own `data` listener on the socket. */
  readonly listener: (chunk: Uint8Array) => void;
}

/**
 * Node's `onread` for plain TCP sockets: the socket reads straight into memory the connection
 * supplies (the unfilled tail of the response being received), instead of a fresh chunk per read
 * that is then copied into the response. While the target's `data` listener is the socket's only
 * one, reads go to the target directly; otherwise (someone else listens, or the listener was
 * removed) each read is copied and emitted as a `data` event, as without `onread`. Reads before a
 * target is attached land in a buffer of their own and are emitted once it is.
 */
export class SocketReads {
  socket: Socket | null = null;
  private target: ReadTarget | null = null;
  private own: Uint8Array | null = null;
  private lent: Uint8Array | null = null;
  private lentOwn = false;
  private early: Buffer[] = [];

  /** For `net.connect({ onread: { buffer } })`. */
  buffer(): Uint8Array {
    if (this.target !== null) {
      this.lentOwn = false;
      this.lent = this.target.buffer();
    } else {
      this.lentOwn = true;
      this.own ??= new Uint8Array(64 * 1024);
      this.lent = this.own;
    }
    return this.lent;
  }

  /** For `net.connect({ onread: { callback } })`; true: keep reading. */
  read(length: number): true {
    if (length <= 0 || this.lent === null) return true;
    const socket = this.socket!;
    const target = this.target;
    if (
      !this.lentOwn &&
      target !== null &&
      socket.listenerCount('data') === 1 &&
      socket.listenerCount('data', target.listener) === 1
    ) {
      target.read(length);
      return true;
    }
    const chunk = Buffer.from(this.lent.subarray(0, length));
    if (!this.lentOwn) target?.read(0);
    if (target === null) this.early.push(chunk);
    else socket.emit('data', chunk);
    return true;
  }

  /** Sends every later read to `target`, after the bytes that arrived before. */
  attach(target: ReadTarget): void {
    this.target = target;
    const early = this.early;
    this.early = [];
    for (const chunk of early) this.socket!.emit('data', chunk);
  }
}

/** The {@link SocketReads} of the sockets dialled with `onread`; others emit `data` events. */
export const socketReads = new WeakMap<Socket, SocketReads>();
