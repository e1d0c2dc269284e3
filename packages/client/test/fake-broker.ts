// A scriptable local Kafka-speaking TCP server for hostile-broker unit tests. It answers ApiVersions
// with every API lk knows (unless told otherwise) and hands every other request to the test.
import net from 'node:net';
import { ApiVersions, apis } from '@lk/api';
import { Reader, Writer } from '@lk/wire';

export interface FakeRequest {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  /** The whole frame without the size field. */
  frame: Uint8Array;
}

export type Handler = (request: FakeRequest, socket: net.Socket) => void;

export interface FakeBroker {
  port: number;
  address: { host: string; port: number };
  requests: FakeRequest[];
  sockets: Set<net.Socket>;
  close(): Promise<void>;
}

/** Frames a response: size, correlation id (header v0), body bytes. */
export function responseFrame(correlationId: number, body: Uint8Array): Uint8Array {
  return new Writer()
    .int32(4 + body.length)
    .int32(correlationId)
    .raw(body)
    .finish();
}

/** The ApiVersions body lk would accept, at `version`. */
export function apiVersionsBody(
  version: number,
  patch: (keys: { apiKey: number; minVersion: number; maxVersion: number }[]) => void = () => {},
): Uint8Array {
  const apiKeys = apis
    .filter((a) => a.maxVersion >= a.minVersion)
    .map((a) => ({ apiKey: a.apiKey, minVersion: a.minVersion, maxVersion: a.maxVersion }));
  patch(apiKeys);
  const writer = new Writer();
  ApiVersions.encodeResponse(writer, { ...ApiVersions.newResponse(), apiKeys }, version);
  return writer.finish();
}

export async function startFakeBroker(
  handler: Handler,
  options: { answerApiVersions?: boolean } = {},
): Promise<FakeBroker> {
  const requests: FakeRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4) {
        const size = buffered.readInt32BE(0);
        if (buffered.length < 4 + size) break;
        const frame = new Uint8Array(buffered.subarray(4, 4 + size));
        buffered = buffered.subarray(4 + size);
        const reader = new Reader(frame);
        const request = {
          apiKey: reader.int16(),
          apiVersion: reader.int16(),
          correlationId: reader.int32(),
          frame,
        };
        requests.push(request);
        if (request.apiKey === ApiVersions.apiKey && options.answerApiVersions !== false) {
          socket.write(responseFrame(request.correlationId, apiVersionsBody(request.apiVersion)));
        } else {
          handler(request, socket);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    address: { host: '127.0.0.1', port },
    requests,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
