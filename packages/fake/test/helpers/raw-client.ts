// A minimal test client: one socket, requests encoded with @lk/api, answers decoded in order.
import { connect, type Socket } from 'node:net';
import { type ApiDefinition, decodeResponseFrame, encodeRequestFrame } from '@lk/api';
import { FrameDecoder } from '@lk/wire';

export class RawClient {
  readonly socket: Socket;
  readonly #frames = new FrameDecoder();
  readonly #waiting: { resolve: (frame: Uint8Array) => void; reject: (e: Error) => void }[] = [];
  #correlationId = 0;
  closed = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.#frames.push(chunk)) this.#waiting.shift()?.resolve(frame);
    });
    const fail = (): void => {
      this.closed = true;
      for (const w of this.#waiting.splice(0)) w.reject(new Error('connection closed'));
    };
    socket.on('close', fail);
    socket.on('error', fail);
  }

  static open(address: string): Promise<RawClient> {
    const at = address.lastIndexOf(':');
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address.slice(0, at), port: Number(address.slice(at + 1)) });
      socket.once('connect', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** The next response frame (without its size field). */
  nextFrame(): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      if (this.closed) reject(new Error('connection closed'));
      else this.#waiting.push({ resolve, reject });
    });
  }

  /** Writes raw bytes (a whole frame, size included). */
  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  async send<Req, Res>(api: ApiDefinition<Req, Res>, version: number, request: Req): Promise<Res> {
    const correlationId = ++this.#correlationId;
    const answer = this.nextFrame();
    this.write(encodeRequestFrame(api, version, correlationId, 'raw-test', request));
    const { correlationId: got, body } = decodeResponseFrame(api, version, await answer);
    if (got !== correlationId) throw new Error(`correlation id ${got}, expected ${correlationId}`);
    return body;
  }

  /** Sends without waiting for an answer (acks=0). */
  sendOnly<Req>(api: ApiDefinition<Req, unknown>, version: number, request: Req): void {
    this.write(encodeRequestFrame(api, version, ++this.#correlationId, 'raw-test', request));
  }

  /** Resolves when the server closed the connection. */
  whenClosed(): Promise<void> {
    return this.closed
      ? Promise.resolve()
      : new Promise((resolve) => this.socket.once('close', () => resolve()));
  }

  close(): void {
    this.socket.destroy();
  }
}
