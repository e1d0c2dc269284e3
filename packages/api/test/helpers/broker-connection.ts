// A tiny test-only Kafka connection over node:net: one request in flight, PLAINTEXT only.
// @lk/client does not exist yet; this is just enough to talk to a real broker from the api tests.
import { connect, type Socket } from 'node:net';
import { FrameDecoder } from '@lk/wire';
import {
  type ApiDefinition,
  decodeResponseFrame,
  encodeRequestFrame,
  readCorrelationId,
} from '../../src/index.ts';

/** A decoded response and the raw frame it came from (for fixtures). */
export interface Exchange<Res> {
  body: Res;
  frame: Uint8Array;
}

export class BrokerConnection {
  private readonly socket: Socket;
  private readonly frames = new FrameDecoder();
  private correlationId = 0;
  private waiting: ((frame: Uint8Array) => void) | null = null;
  private failure: ((error: Error) => void) | null = null;
  /** Called with every answer's frame (without its size prefix); the fixture capture uses it. */
  onAnswer: ((api: ApiDefinition<unknown, unknown>, version: number, frame: Uint8Array) => void) | null =
    null;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.frames.push(new Uint8Array(chunk))) this.waiting?.(frame);
    });
    socket.on('error', (error) => this.failure?.(error));
    socket.on('close', () => this.failure?.(new Error('connection closed')));
  }

  /** Connects to "host:port". */
  static open(hostPort: string): Promise<BrokerConnection> {
    const at = hostPort.lastIndexOf(':');
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostPort.slice(0, at), port: Number(hostPort.slice(at + 1)) });
      socket.once('connect', () => resolve(new BrokerConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends one request and decodes its response; checks the correlation id. */
  async send<Req, Res>(api: ApiDefinition<Req, Res>, version: number, request: Req): Promise<Exchange<Res>> {
    const correlationId = ++this.correlationId;
    const frame = await new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${api.name} v${version}: no answer in 30 s`)), 30_000);
      this.waiting = (answer) => {
        clearTimeout(timer);
        resolve(answer);
      };
      this.failure = (error) => {
        clearTimeout(timer);
        reject(error);
      };
      this.socket.write(encodeRequestFrame(api, version, correlationId, 'lk-api-test', request));
    });
    this.waiting = null;
    this.failure = null;
    if (readCorrelationId(frame) !== correlationId)
      throw new Error(`correlation id mismatch for ${api.name}`);
    this.onAnswer?.(api as ApiDefinition<unknown, unknown>, version, frame);
    return { body: decodeResponseFrame(api, version, frame).body, frame: frame.slice() };
  }

  close(): void {
    this.socket.destroy();
  }
}
