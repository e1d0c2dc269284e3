import diagnosticsChannel from 'node:diagnostics_channel';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApiVersions,
  encodeResponseFrame,
  Metadata,
  Produce,
  SaslAuthenticate,
  SaslHandshake,
  UnsupportedVersionError,
} from '@lk/api';
import { FrameError, Writer } from '@lk/wire';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../src/connection.ts';
import { AbortError, ProtocolError, SaslError, TimeoutError, TransportError } from '../src/errors.ts';
import { openConnection } from '../src/open-connection.ts';
import { apiVersionsBody, type FakeBroker, responseFrame, startFakeBroker } from './fake-broker.ts';

let broker: FakeBroker | null = null;
let connection: Connection | null = null;

afterEach(async () => {
  connection?.close();
  await broker?.close();
  broker = null;
  connection = null;
});

const metadataRequest = () => ({ ...Metadata.newRequest(), topics: [], allowAutoTopicCreation: false });

function answerMetadata(correlationId: number, version: number): Uint8Array {
  return encodeResponseFrame(Metadata, version, correlationId, {
    ...Metadata.newResponse(),
    clusterId: 'fake',
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error) => error,
  );
}

describe('Connection against a fake broker', () => {
  it('negotiates versions and decodes a response', async () => {
    broker = await startFakeBroker((req, socket) =>
      socket.write(answerMetadata(req.correlationId, req.apiVersion)),
    );
    connection = await openConnection(broker.address);
    expect(connection.versions.get(Metadata.apiKey)).toBe(Metadata.maxVersion);
    const response = await connection.call(Metadata, metadataRequest());
    expect(response.clusterId).toBe('fake');
    expect(broker.requests.map((r) => r.apiKey)).toEqual([ApiVersions.apiKey, Metadata.apiKey]);
  });

  it("chooses versions with @lk/api's chooseVersion: options.version wins, maxVersion caps", async () => {
    broker = await startFakeBroker((req, socket) =>
      socket.write(answerMetadata(req.correlationId, req.apiVersion)),
    );
    connection = await openConnection(broker.address);
    await connection.call(Metadata, metadataRequest());
    await connection.call(Metadata, metadataRequest(), { maxVersion: 9 });
    await connection.call(Metadata, metadataRequest(), { version: 4, maxVersion: 9 });
    expect(broker.requests.slice(1).map((r) => r.apiVersion)).toEqual([Metadata.maxVersion, 9, 4]);
    // Produce's real minimum is 3 (KIP-896): a cap below it leaves no version to send.
    const error = await rejection(connection.call(Produce, Produce.newRequest(), { maxVersion: 2 }));
    expect(error).toBeInstanceOf(UnsupportedVersionError);
    expect(broker.requests).toHaveLength(4);
  });

  it('queues concurrent calls and answers them in order', async () => {
    broker = await startFakeBroker((req, socket) =>
      socket.write(answerMetadata(req.correlationId, req.apiVersion)),
    );
    connection = await openConnection(broker.address);
    const results = await Promise.all([1, 2, 3].map(() => connection!.call(Metadata, metadataRequest())));
    expect(results).toHaveLength(3);
    const ids = broker.requests.slice(1).map((r) => r.correlationId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('calls onSend once per written request, after it is written and before the answer', async () => {
    const events: string[] = [];
    broker = await startFakeBroker((req, socket) => {
      events.push(`broker got ${req.correlationId}`);
      socket.write(answerMetadata(req.correlationId, req.apiVersion));
    });
    connection = await openConnection(broker.address);
    const calls = [1, 2].map((n) =>
      connection!
        .call(Metadata, metadataRequest(), { onSend: () => events.push(`sent ${n}`) })
        .then(() => events.push(`answered ${n}`)),
    );
    await Promise.all(calls);
    const ids = broker.requests.slice(1).map((r) => r.correlationId);
    expect(events).toEqual([
      'sent 1',
      `broker got ${ids[0]}`,
      'answered 1',
      'sent 2',
      `broker got ${ids[1]}`,
      'answered 2',
    ]);
  });

  it('authenticates again before a call once the SASL session nears its end (KIP-368)', async () => {
    let logins = 0;
    broker = await startFakeBroker((req, socket) => {
      if (req.apiKey === SaslHandshake.apiKey) {
        const body = { ...SaslHandshake.newResponse(), mechanisms: ['PLAIN'] };
        socket.write(encodeResponseFrame(SaslHandshake, req.apiVersion, req.correlationId, body));
      } else if (req.apiKey === SaslAuthenticate.apiKey) {
        // The first login gets a 300 ms session; the renewal is refused.
        const refused = ++logins > 1;
        const body = {
          ...SaslAuthenticate.newResponse(),
          errorCode: refused ? 58 : 0,
          errorMessage: refused ? 'session renewal refused' : null,
          sessionLifetimeMs: 300n,
        };
        socket.write(encodeResponseFrame(SaslAuthenticate, req.apiVersion, req.correlationId, body));
      } else {
        socket.write(answerMetadata(req.correlationId, req.apiVersion));
      }
    });
    connection = await openConnection(broker.address, {
      sasl: { mechanism: 'PLAIN', username: 'u', password: 'secret-password' },
    });
    expect(connection.session?.lifetimeMs).toBe(300);
    expect(connection.authentications).toBe(1);
    await connection.call(Metadata, metadataRequest());
    expect(logins).toBe(1);
    await sleep(connection.session!.renewAt - performance.now() + 5);
    const error = await rejection(connection.call(Metadata, metadataRequest()));
    expect(error).toBeInstanceOf(SaslError);
    expect((error as SaslError).code).toBe('LK_SASL_AUTHENTICATION_FAILED');
    expect(error.message).not.toContain('secret-password');
    expect(logins).toBe(2);
    // The session is in doubt: the connection is closed, and the call was never sent.
    expect(connection.closed).toBe(true);
    expect(broker.requests.filter((r) => r.apiKey === Metadata.apiKey)).toHaveLength(1);
  });

  it('treats a wrong correlation id as a protocol error and closes', async () => {
    broker = await startFakeBroker((req, socket) =>
      socket.write(answerMetadata(req.correlationId + 7, req.apiVersion)),
    );
    connection = await openConnection(broker.address);
    const error = await rejection(connection.call(Metadata, metadataRequest()));
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe('LK_PROTOCOL_CORRELATION_ID');
    expect(connection.closed).toBe(true);
    const next = await rejection(connection.call(Metadata, metadataRequest()));
    expect((next as TransportError).code).toBe('LK_TRANSPORT_CLOSED');
  });

  it('refuses an oversized frame before reading it', async () => {
    broker = await startFakeBroker((req, socket) =>
      socket.write(new Writer().int32(10_000_000).int32(req.correlationId).finish()),
    );
    connection = await openConnection(broker.address, { maxResponseSize: 1_000_000 });
    const error = await rejection(connection.call(Metadata, metadataRequest()));
    expect(error).toBeInstanceOf(FrameError);
    expect((error as FrameError).code).toBe('LK_FRAME_TOO_LARGE');
    expect(connection.closed).toBe(true);
  });

  it('reports a truncated frame followed by EOF as a closed connection', async () => {
    broker = await startFakeBroker((req, socket) => {
      socket.end(new Writer().int32(100).int32(req.correlationId).int32(0).finish());
    });
    connection = await openConnection(broker.address);
    const error = await rejection(connection.call(Metadata, metadataRequest()));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('LK_TRANSPORT_CLOSED');
    expect(error.message).toContain('after 12 bytes of a response');
  });

  it('recognises an HTTP server', async () => {
    broker = await startFakeBroker((_req, socket) => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
    connection = await openConnection(broker.address);
    const error = await rejection(connection.call(Metadata, metadataRequest()));
    expect((error as FrameError).code).toBe('LK_FRAME_NOT_KAFKA');
  });

  it('times out a request that is never answered and closes the connection', async () => {
    broker = await startFakeBroker(() => {});
    connection = await openConnection(broker.address, { requestTimeoutMs: 200 });
    const started = Date.now();
    const error = await rejection(connection.call(Metadata, metadataRequest()));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).code).toBe('LK_TIMEOUT_REQUEST');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(connection.closed).toBe(true);
  });

  it('aborts a written request (closing) and a queued one (not closing)', async () => {
    broker = await startFakeBroker(() => {});
    connection = await openConnection(broker.address);
    const writtenAbort = new AbortController();
    const queuedAbort = new AbortController();
    const first = connection.call(Metadata, metadataRequest(), { signal: writtenAbort.signal });
    const second = connection.call(Metadata, metadataRequest(), { signal: queuedAbort.signal });
    const third = connection.call(Metadata, metadataRequest());
    queuedAbort.abort(new Error('changed my mind'));
    const secondError = await rejection(second);
    expect(secondError).toBeInstanceOf(AbortError);
    expect((secondError as AbortError).cause).toEqual(new Error('changed my mind'));
    expect(connection.closed).toBe(false);

    writtenAbort.abort();
    expect(await rejection(first)).toBeInstanceOf(AbortError);
    // The request was on the wire: the connection is closed, and the call queued behind it fails.
    expect(((await rejection(third)) as TransportError).code).toBe('LK_TRANSPORT_CLOSED');
    expect(connection.closed).toBe(true);
  });

  it('falls back to the broker ApiVersions version on UNSUPPORTED_VERSION', async () => {
    broker = await startFakeBroker(
      (req, socket) => {
        if (req.apiKey === ApiVersions.apiKey && req.apiVersion > 2) {
          // What a broker does: a v0 body with error 35 and its own ApiVersions range.
          const body = new Writer().int16(35).int32(1).int16(18).int16(0).int16(2).finish();
          socket.write(responseFrame(req.correlationId, body));
        } else if (req.apiKey === ApiVersions.apiKey) {
          socket.write(responseFrame(req.correlationId, apiVersionsBody(req.apiVersion)));
        }
      },
      { answerApiVersions: false },
    );
    connection = await openConnection(broker.address);
    expect(broker.requests.map((r) => r.apiVersion)).toEqual([ApiVersions.maxVersion, 2]);
    expect(connection.versions.get(Metadata.apiKey)).toBe(Metadata.maxVersion);
  });

  it('publishes diagnostics in causal order: open, the handshake, ready, calls, close', async () => {
    broker = await startFakeBroker((req, socket) =>
      socket.write(answerMetadata(req.correlationId, req.apiVersion)),
    );
    const seen: { name: string; message: Record<string, unknown> }[] = [];
    const names = [
      'lk:connection:open',
      'lk:connection:ready',
      'lk:request:start',
      'lk:request:end',
      'lk:connection:close',
    ];
    const listeners = names.map((name) => {
      const listener = (message: unknown) => seen.push({ name, message: message as Record<string, unknown> });
      diagnosticsChannel.subscribe(name, listener);
      return () => diagnosticsChannel.unsubscribe(name, listener);
    });
    try {
      connection = await openConnection(broker.address);
      await connection.call(Metadata, metadataRequest());
      connection.close();
    } finally {
      for (const unsubscribe of listeners) unsubscribe();
    }
    expect(seen.map((e) => e.name)).toEqual([
      'lk:connection:open',
      'lk:request:start',
      'lk:request:end',
      'lk:connection:ready',
      'lk:request:start',
      'lk:request:end',
      'lk:connection:close',
    ]);
    expect(new Set(seen.map((e) => e.message.connectionId))).toEqual(new Set([connection.id]));
    expect(seen[1]!.message).toMatchObject({ apiKey: ApiVersions.apiKey });
    const end = seen[5]!.message;
    expect(end).toMatchObject({
      apiKey: Metadata.apiKey,
      apiVersion: Metadata.maxVersion,
      broker: broker.address.host + ':' + broker.port,
    });
    expect(end.responseBytes).toBeGreaterThan(0);
    expect(end.durationMs).toBeGreaterThanOrEqual(0);
  });
});

describe('dialing', () => {
  it('reports a refused connection as LK_TRANSPORT_DIAL', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const error = await rejection(openConnection({ host: '127.0.0.1', port }));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('LK_TRANSPORT_DIAL');
  });

  it('times out a TLS handshake the server never answers', async () => {
    broker = await startFakeBroker(() => {});
    const error = await rejection(openConnection(broker.address, { tls: true, dialTimeoutMs: 200 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).code).toBe('LK_TIMEOUT_DIAL');
  });

  it('aborts a dial', async () => {
    broker = await startFakeBroker(() => {});
    const error = await rejection(openConnection(broker.address, { tls: true }, AbortSignal.timeout(100)));
    expect(error).toBeInstanceOf(AbortError);
  });
});
