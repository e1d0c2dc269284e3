// One client connection: frames in, requests served one at a time (a Kafka broker mutes a channel
// until its response is sent), responses out in order.
import type { Socket } from 'node:net';
import { FrameDecoder, writePieces } from '@lk/wire';
import type { FakeBroker, ListenerKind } from './broker.ts';
import { serveFrame } from './dispatch.ts';
import type { ScramServer } from './sasl.ts';

/** Frames queued beyond this pause reading from the socket until the queue drains. */
const QUEUE_HIGH_WATER = 64;

/** The SASL state of a connection on a SASL listener. */
export interface SaslState {
  /** The mechanism chosen by SaslHandshake, or null before it. */
  mechanism: string | null;
  /** Set once authentication succeeded. */
  user: string | null;
  /** A SCRAM exchange in progress. */
  scram: ScramServer | null;
  /** After SaslHandshake v0, frames are raw SASL tokens until authentication ends. */
  rawTokens: boolean;
  /** An authenticated connection authenticating again (KIP-368). */
  reauthenticating: boolean;
}

export class ClientConnection {
  readonly broker: FakeBroker;
  readonly listener: ListenerKind;
  readonly socket: Socket;
  readonly sasl: SaslState = {
    mechanism: null,
    user: null,
    scram: null,
    rawTokens: false,
    reauthenticating: false,
  };
  readonly #frames: FrameDecoder;
  readonly #queue: Uint8Array[] = [];
  #serving = false;
  #closed = false;
  readonly #closeListeners = new Set<() => void>();

  constructor(broker: FakeBroker, listener: ListenerKind, socket: Socket, maxFrameSize: number) {
    this.broker = broker;
    this.listener = listener;
    this.socket = socket;
    this.#frames = new FrameDecoder({ maxFrameSize });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** SASL listeners serve only ApiVersions and the SASL APIs until the client authenticated. */
  get authenticated(): boolean {
    return this.listener !== 'sasl' || this.sasl.user !== null;
  }

  /** Calls `listener` once when the connection closes (long polls and delays stop waiting). */
  onClose(listener: () => void): () => void {
    if (this.#closed) {
      listener();
      return () => {};
    }
    this.#closeListeners.add(listener);
    return () => this.#closeListeners.delete(listener);
  }

  /**
   * Writes a response, given whole or in pieces (written together, one writev); resolves once the
   * socket can take more (backpressure for large fetches). The pieces' memory must stay unchanged.
   */
  async write(bytes: Uint8Array | readonly Uint8Array[]): Promise<void> {
    if (this.#closed) return;
    if (this.#send(bytes)) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        this.socket.off('drain', done);
        off();
        resolve();
      };
      const off = this.onClose(done);
      this.socket.once('drain', done);
    });
  }

  /** Writes now; false when the socket's buffer is full. */
  #send(bytes: Uint8Array | readonly Uint8Array[]): boolean {
    return writePieces(this.socket, bytes);
  }

  /** Closes at once (a broker closing a connection it will not serve), dropping queued requests. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.length = 0;
    this.socket.destroy();
    for (const listener of this.#closeListeners) listener();
    this.#closeListeners.clear();
    this.broker.connectionClosed(this);
  }

  /** Sends what was written, then closes (the "drop after answering" fault). */
  endAfterWrite(): void {
    if (this.#closed) return;
    this.socket.end(() => this.close());
  }

  // Frames are views of the chunks Node reads into (fresh memory for every read, as no `onread`
  // buffer is set) or fresh memory of the decoder's: nothing writes to them again, so a handler
  // may keep them (Produce keeps large batches in place, see PartitionLog.store).
  #receive(chunk: Uint8Array): void {
    let frames: Uint8Array[];
    try {
      frames = this.#frames.push(chunk);
    } catch {
      this.close(); // not Kafka framing, or a frame above the size limit: a broker closes too
      return;
    }
    for (const frame of frames) this.#queue.push(frame);
    if (this.#queue.length > QUEUE_HIGH_WATER) this.socket.pause();
    if (!this.#serving) void this.#serve();
  }

  async #serve(): Promise<void> {
    this.#serving = true;
    try {
      while (!this.#closed) {
        const frame = this.#queue.shift();
        if (frame === undefined) break;
        await serveFrame(this, frame);
        if (this.#queue.length <= QUEUE_HIGH_WATER / 2 && this.socket.isPaused()) this.socket.resume();
      }
    } finally {
      this.#serving = false;
    }
  }
}
