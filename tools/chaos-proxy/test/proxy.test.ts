import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { apis, decodeResponseFrame, encodeRequestFrame } from '@lk/api';
import { ApiVersions, encodeResponseFrame, Fetch, Metadata, Produce } from '@lk/api/broker';
import { openConnection } from '@lk/client';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChaosProxy, type ProxiedConnection, startChaosProxy } from '../src/index.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A loopback server; `onSocket` gets each connection. */
async function server(onSocket: (socket: net.Socket) => void): Promise<number> {
  const sockets = new Set<net.Socket>();
  const s = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => s.close(resolve));
  });
  return (s.address() as net.AddressInfo).port;
}

async function proxyTo(port: number, onConnection?: (c: ProxiedConnection) => void): Promise<ChaosProxy> {
  const proxy = await startChaosProxy({
    upstream: `127.0.0.1:${port}`,
    rewriteAddresses: false,
    onConnection,
  });
  cleanups.push(() => proxy.close());
  return proxy;
}

function connect(proxy: ChaosProxy): net.Socket {
  const [host, port] = proxy.bootstrap.split(':');
  const socket = net.connect({ host, port: Number(port) });
  socket.on('error', () => {});
  cleanups.push(() => socket.destroy());
  return socket;
}

/** Everything the socket receives until it ends or fails, and how it ended. */
async function receiveAll(
  socket: net.Socket,
): Promise<{ bytes: Buffer; ended: 'end' | 'error'; code?: string }> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  const ended = await new Promise<{ ended: 'end' | 'error'; code?: string }>((resolve) => {
    socket.on('end', () => resolve({ ended: 'end' }));
    socket.on('error', (e: NodeJS.ErrnoException) => resolve({ ended: 'error', code: e.code }));
  });
  return { bytes: Buffer.concat(chunks), ...ended };
}

const payload = randomBytes(200_000);
/** A server that writes `payload` to every connection and keeps it open. */
const talker = () => server((socket) => socket.write(payload));

describe('chaos proxy', () => {
  it('passes bytes through unchanged both ways', async () => {
    const proxy = await proxyTo(await server((socket) => socket.pipe(socket)));
    const socket = connect(proxy);
    const sent = randomBytes(300_000);
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.write(sent);
    await expect.poll(() => Buffer.concat(chunks).length, { timeout: 5000 }).toBe(sent.length);
    expect(Buffer.concat(chunks).equals(sent)).toBe(true);
    const [connection] = proxy.connections;
    expect([connection!.up.bytesOut, connection!.down.bytesOut]).toEqual([sent.length, sent.length]);
  });

  it.each([0, 1, 1234, 65_536])('cuts the downstream after exactly %i bytes, with a FIN', async (n) => {
    const proxy = await proxyTo(await talker(), (c) => c.set('down', { kind: 'cut', afterBytes: n }));
    const { bytes, ended } = await receiveAll(connect(proxy));
    expect(ended).toBe('end');
    expect(bytes.equals(payload.subarray(0, n))).toBe(true);
  });

  it('cuts with an RST: the client sees ECONNRESET', async () => {
    const proxy = await proxyTo(await talker(), (c) =>
      c.set('down', { kind: 'cut', afterBytes: 100, reset: true }),
    );
    const { ended, code } = await receiveAll(connect(proxy));
    expect([ended, code]).toEqual(['error', 'ECONNRESET']);
  });

  it('cuts a request mid-way: the broker gets exactly N bytes, then the close', async () => {
    let received = Buffer.alloc(0);
    let closed = false;
    const port = await server((socket) => {
      socket.on('data', (c) => {
        received = Buffer.concat([received, c]);
      });
      socket.on('close', () => {
        closed = true;
      });
    });
    const proxy = await proxyTo(port, (c) => c.set('up', { kind: 'cut', afterBytes: 777 }));
    const socket = connect(proxy);
    socket.write(payload);
    await expect.poll(() => closed, { timeout: 5000 }).toBe(true);
    expect(received.equals(payload.subarray(0, 777))).toBe(true);
  });

  it('stalls: the connection stays open and nothing arrives', async () => {
    const proxy = await proxyTo(await talker(), (c) => c.set('down', { kind: 'stall' }));
    const socket = connect(proxy);
    let got = 0;
    socket.on('data', (c) => {
      got += c.length;
    });
    await sleep(300);
    expect(got).toBe(0);
    expect(socket.destroyed).toBe(false);
    expect([...proxy.connections][0]!.down.bytesIn).toBe(payload.length);
  });

  it('delays each chunk, keeping order', async () => {
    const proxy = await proxyTo(await server((socket) => socket.pipe(socket)), (c) =>
      c.set('up', { kind: 'delay', ms: 200 }),
    );
    const socket = connect(proxy);
    await once(socket, 'connect');
    const started = performance.now();
    socket.write('ping');
    await once(socket, 'data');
    expect(performance.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('limits bandwidth', async () => {
    const proxy = await proxyTo(await talker(), (c) =>
      c.set('down', { kind: 'bandwidth', bytesPerSecond: 100_000 }),
    );
    const socket = connect(proxy);
    let got = 0;
    socket.on('data', (c) => {
      got += c.length;
    });
    await sleep(1000);
    // 100 kB in the second, give or take timer slack.
    expect(got).toBeGreaterThan(60_000);
    expect(got).toBeLessThan(130_000);
  });

  it('resets a live connection on demand, and counts connections', async () => {
    const proxy = await proxyTo(await server(() => {}));
    const socket = connect(proxy);
    await expect.poll(() => proxy.connections.size).toBe(1);
    const ending = receiveAll(socket);
    proxy.setAll('both', { kind: 'reset' });
    expect(await ending).toMatchObject({ ended: 'error', code: 'ECONNRESET' });
    expect(proxy.connections.size).toBe(0);
    expect(proxy.accepted).toBe(1);
  });
});

/** A server that splits what each client sends into request frames and hands over their headers. */
function requestServer(
  onRequest: (socket: net.Socket, apiKey: number, version: number, correlationId: number) => void,
): Promise<number> {
  return server((socket) => {
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
        const frame = buffered.subarray(4, 4 + buffered.readInt32BE(0));
        buffered = buffered.subarray(4 + frame.length);
        onRequest(socket, frame.readInt16BE(0), frame.readInt16BE(2), frame.readInt32BE(4));
      }
    });
  });
}

describe('chaos proxy address rewriting', () => {
  type Answer = (apiKey: number, version: number, correlationId: number) => Uint8Array | null;
  /**
   * A fake broker answering ApiVersions, Metadata listing the brokers `brokers()` gives, and what
   * `answer` returns for other requests.
   */
  async function fakeBroker(
    brokers: () => { nodeId: number; port: number }[],
    answer: Answer = () => null,
  ): Promise<number> {
    return requestServer((socket, apiKey, version, correlationId) => {
      if (apiKey === ApiVersions.apiKey) {
        const apiKeys = apis
          .filter((a) => a.maxVersion >= a.minVersion)
          .map((a) => ({ apiKey: a.apiKey, minVersion: a.minVersion, maxVersion: a.maxVersion }));
        socket.write(
          encodeResponseFrame(ApiVersions, version, correlationId, {
            ...ApiVersions.newResponse(),
            apiKeys,
          }),
        );
      } else if (apiKey === Metadata.apiKey) {
        const list = brokers().map((b) => ({ ...b, host: '127.0.0.1', rack: null }));
        socket.write(
          encodeResponseFrame(Metadata, version, correlationId, {
            ...Metadata.newResponse(),
            brokers: list,
          }),
        );
      } else {
        const response = answer(apiKey, version, correlationId);
        if (response !== null) socket.write(response);
      }
    });
  }

  it('points Metadata at proxy listeners, one per broker, that lead to that broker', async () => {
    let portB = 0;
    const portA = await fakeBroker(() => [
      { nodeId: 1, port: portA },
      { nodeId: 2, port: portB },
    ]);
    portB = await fakeBroker(() => [{ nodeId: 2, port: portB }]);
    const proxy = await startChaosProxy({ upstream: `127.0.0.1:${portA}` });
    cleanups.push(() => proxy.close());
    const bootstrapPort = Number(proxy.bootstrap.split(':')[1]);
    const viaA = await openConnection({ host: '127.0.0.1', port: bootstrapPort });
    cleanups.push(() => viaA.close());
    const metadata = await viaA.call(Metadata, {
      ...Metadata.newRequest(),
      topics: [],
      allowAutoTopicCreation: false,
    });
    const ports = metadata.brokers.map((b: { port: number }) => b.port);
    expect(ports[0]).toBe(bootstrapPort);
    expect(ports[1]).toBe(proxy.listeners.get(`127.0.0.1:${portB}`)!.port);
    expect(ports).not.toContain(portA);
    expect(ports).not.toContain(portB);
    // Broker 2's listener leads to broker 2, whose Metadata is rewritten too.
    const viaB = await openConnection({ host: '127.0.0.1', port: ports[1]! });
    cleanups.push(() => viaB.close());
    const fromB = await viaB.call(Metadata, {
      ...Metadata.newRequest(),
      topics: [],
      allowAutoTopicCreation: false,
    });
    expect(fromB.brokers.map((b: { port: number }) => b.port)).toEqual([ports[1]]);
    expect([...proxy.connections].map((c) => c.upstream).sort()).toEqual(
      [`127.0.0.1:${portA}`, `127.0.0.1:${portB}`].sort(),
    );
  });
});

describe('chaos proxy leader hints', () => {
  /** Reads `count` response frames (size fields included) from `socket`. */
  async function frames(socket: net.Socket, count: number): Promise<Buffer[]> {
    let buffered = Buffer.alloc(0);
    const out: Buffer[] = [];
    for await (const chunk of socket) {
      buffered = Buffer.concat([buffered, chunk as Buffer]);
      while (buffered.length >= 4 && buffered.length >= 4 + buffered.readInt32BE(0)) {
        out.push(buffered.subarray(0, 4 + buffered.readInt32BE(0)));
        buffered = buffered.subarray(4 + buffered.readInt32BE(0));
      }
      if (out.length >= count) return out;
    }
    return out;
  }

  // KIP-951: with NOT_LEADER_OR_FOLLOWER the broker names the leader's endpoint, and the client
  // dials it for that node: unrewritten, the client leaves the proxy (the producer's acks 1/-1
  // cut test then saw no cut at all).
  it('points the nodeEndpoints of Produce and Fetch responses at proxy listeners; hint-less ones pass byte for byte', async () => {
    const written = new Map<number, Uint8Array>();
    const port: number = await requestServer((socket, apiKey, version, correlationId) => {
      // Odd correlation ids get a hint naming this broker, even ones none.
      const nodeEndpoints =
        correlationId % 2 === 1 ? [{ nodeId: 1, host: '127.0.0.1', port, rack: null }] : [];
      const response =
        apiKey === Produce.apiKey
          ? encodeResponseFrame(Produce, version, correlationId, {
              ...Produce.newResponse(),
              nodeEndpoints,
            })
          : encodeResponseFrame(Fetch, version, correlationId, {
              ...Fetch.newResponse(),
              sessionId: 77,
              nodeEndpoints,
            });
      written.set(correlationId, response);
      socket.write(response);
    });
    const proxy = await startChaosProxy({ upstream: `127.0.0.1:${port}` });
    cleanups.push(() => proxy.close());
    const bootstrapPort = Number(proxy.bootstrap.split(':')[1]);
    const client = connect(proxy);
    const calls = [
      { api: Produce, version: Produce.maxVersion, request: Produce.newRequest() },
      { api: Produce, version: Produce.maxVersion, request: Produce.newRequest() },
      { api: Fetch, version: Fetch.maxVersion, request: Fetch.newRequest() },
      { api: Fetch, version: Fetch.maxVersion, request: Fetch.newRequest() },
    ] as const;
    for (const [i, { api, version, request }] of calls.entries()) {
      client.write(encodeRequestFrame(api as typeof Produce, version, i + 1, 'test', request as never));
    }
    const received = await frames(client, calls.length);
    const bodies = received.map(
      (frame, i) =>
        decodeResponseFrame(calls[i]!.api as typeof Produce, calls[i]!.version, frame.subarray(4)).body as {
          nodeEndpoints: { nodeId: number; port: number }[];
        },
    );
    // Correlation ids 1 and 3 carried the broker's own port: now the proxy's listener for it.
    expect(bodies[0]!.nodeEndpoints).toMatchObject([{ nodeId: 1, host: '127.0.0.1', port: bootstrapPort }]);
    expect(bodies[2]!.nodeEndpoints).toMatchObject([{ nodeId: 1, host: '127.0.0.1', port: bootstrapPort }]);
    expect((bodies[2] as unknown as { sessionId: number }).sessionId).toBe(77);
    expect(received[1]).toEqual(Buffer.from(written.get(2)!));
    expect(received[3]).toEqual(Buffer.from(written.get(4)!));
  });
});
