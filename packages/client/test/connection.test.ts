// Connection against @lk/fake: version negotiation, ordering, SASL renewal, and hostile answers
// (wrong correlation ids, oversized, truncated and non-Kafka frames, silence) from taken-over requests.
import diagnosticsChannel from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiKey, ApiVersions, ErrorCode, Metadata, Produce, UnsupportedVersionError } from '@lk/api';
import { FrameError, Writer } from '@lk/wire';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../src/connection.ts';
import { AbortError, ProtocolError, SaslError, TimeoutError, TransportError } from '../src/errors.ts';
import { openConnection } from '../src/open-connection.ts';
import { plain } from '../src/sasl/plain.ts';
import { rawResponse, startFake, type TestFake, takeOver } from './fake.ts';
import { closedPort, rejection, silentListener } from './helpers.ts';

let fake: TestFake | null = null;
let connection: Connection | null = null;
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  connection?.close();
  expect(fake?.cluster.serverErrors ?? []).toEqual([]);
  await fake?.cluster.close();
  for (const close of closers.splice(0)) await close();
  fake = null;
  connection = null;
});

const metadataRequest = () => ({ ...Metadata.newRequest(), topics: [], allowAutoTopicCreation: false });
const isMetadata = (r: { apiKey: number }) => r.apiKey === ApiKey.Metadata;
const served = (apiKey: number) => fake!.seen.filter((r) => r.apiKey === apiKey);

describe('Connection against @lk/fake', () => {
  it('negotiates versions and decodes a response', async () => {
    fake = await startFake({ clusterId: 'fake' });
    connection = await openConnection(fake.address);
    expect(connection.versions.get(Metadata.apiKey)).toBe(Metadata.maxVersion);
    const response = await connection.call(Metadata, metadataRequest());
    expect(response.clusterId).toBe('fake');
    expect(fake.seen.map((r) => r.apiKey)).toEqual([ApiVersions.apiKey, Metadata.apiKey]);
  });

  it("chooses versions with @lk/api's chooseVersion: options.version wins, maxVersion caps", async () => {
    fake = await startFake();
    connection = await openConnection(fake.address);
    await connection.call(Metadata, metadataRequest());
    await connection.call(Metadata, metadataRequest(), { maxVersion: 9 });
    await connection.call(Metadata, metadataRequest(), { version: 4, maxVersion: 9 });
    expect(fake.seen.slice(1).map((r) => r.apiVersion)).toEqual([Metadata.maxVersion, 9, 4]);
    // Produce's real minimum is 3 (KIP-896): a cap below it leaves no version to send.
    const error = await rejection(connection.call(Produce, Produce.newRequest(), { maxVersion: 2 }));
    expect(error).toBeInstanceOf(UnsupportedVersionError);
    expect(fake.seen).toHaveLength(4);
  });

  it('queues concurrent calls and answers them in order', async () => {
    fake = await startFake();
    connection = await openConnection(fake.address);
    const results = await Promise.all([1, 2, 3].map(() => connection!.call(Metadata, metadataRequest())));
    expect(results).toHaveLength(3);
    const ids = fake.seen.slice(1).map((r) => r.correlationId);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('calls onSend once per written request, after it is written and before the answer', async () => {
    const events: string[] = [];
    fake = await startFake();
    fake.cluster.onRequest((request) => {
      if (isMetadata(request)) events.push(`broker got ${request.correlationId}`);
      return undefined;
    });
    connection = await openConnection(fake.address);
    const calls = [1, 2].map((n) =>
      connection!
        .call(Metadata, metadataRequest(), { onSend: () => events.push(`sent ${n}`) })
        .then(() => events.push(`answered ${n}`)),
    );
    await Promise.all(calls);
    const ids = served(ApiKey.Metadata).map((r) => r.correlationId);
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
    // The first login gets a 300 ms session; the renewal is refused.
    fake = await startFake({ sasl: { users: { u: 'secret-password' }, sessionLifetimeMs: 300 } });
    const broker = fake.cluster.broker(0);
    connection = await openConnection(
      { host: broker.host, port: broker.port('sasl') },
      { sasl: plain({ username: 'u', password: 'secret-password' }) },
    );
    fake.cluster.failNext(ApiKey.SaslAuthenticate, ErrorCode.SASL_AUTHENTICATION_FAILED);
    expect(connection.session?.lifetimeMs).toBe(300);
    expect(connection.authentications).toBe(1);
    await connection.call(Metadata, metadataRequest());
    expect(served(ApiKey.SaslAuthenticate)).toHaveLength(1);
    await sleep(connection.session!.renewAt - performance.now() + 5);
    const error = await rejection(connection.call(Metadata, metadataRequest()));
    expect(error).toBeInstanceOf(SaslError);
    expect((error as SaslError).code).toBe('LK_SASL_AUTHENTICATION_FAILED');
    expect(error.message).not.toContain('secret-password');
    expect(served(ApiKey.SaslAuthenticate)).toHaveLength(2);
    // The session is in doubt: the connection is closed, and the call was never sent.
    expect(connection.closed).toBe(true);
    expect(served(ApiKey.Metadata)).toHaveLength(1);
  });

  it('treats a wrong correlation id as a protocol error and closes', async () => {
    fake = await startFake();
    takeOver(fake.cluster, isMetadata, async (taken) => {
      taken.write((await taken.response({ correlationId: taken.request.correlationId + 7 }))!);
    });
    connection = await openConnection(fake.address);
    const error = await rejection(connection.call(Metadata, metadataRequest()));
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).code).toBe('LK_PROTOCOL_CORRELATION_ID');
    expect(connection.closed).toBe(true);
    const next = await rejection(connection.call(Metadata, metadataRequest()));
    expect((next as TransportError).code).toBe('LK_TRANSPORT_CLOSED');
  });

  it('refuses an oversized frame before reading it', async () => {
    fake = await startFake();
    takeOver(fake.cluster, isMetadata, (taken) =>
      taken.write(new Writer().int32(10_000_000).int32(taken.request.correlationId).finish()),
    );
    connection = await openConnection(fake.address, { maxResponseSize: 1_000_000 });
    const error = await rejection(connection.call(Metadata, metadataRequest()));
    expect(error).toBeInstanceOf(FrameError);
    expect((error as FrameError).code).toBe('LK_FRAME_TOO_LARGE');
    expect(connection.closed).toBe(true);
  });

  it('reports a truncated frame followed by EOF as a closed connection', async () => {
    fake = await startFake();
    takeOver(fake.cluster, isMetadata, (taken) =>
      taken.end(new Writer().int32(100).int32(taken.request.correlationId).int32(0).finish()),
    );
    connection = await openConnection(fake.address);
    const error = await rejection(connection.call(Metadata, metadataRequest()));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('LK_TRANSPORT_CLOSED');
    expect(error.message).toContain('after 12 bytes of a response');
  });

  it('recognises an HTTP server', async () => {
    fake = await startFake();
    takeOver(fake.cluster, isMetadata, (taken) => taken.write('HTTP/1.1 400 Bad Request\r\n\r\n'));
    connection = await openConnection(fake.address);
    const error = await rejection(connection.call(Metadata, metadataRequest()));
    expect((error as FrameError).code).toBe('LK_FRAME_NOT_KAFKA');
  });

  it('times out a request that is never answered and closes the connection', async () => {
    fake = await startFake();
    takeOver(fake.cluster, isMetadata, () => {});
    connection = await openConnection(fake.address, { requestTimeoutMs: 200 });
    const started = Date.now();
    const error = await rejection(connection.call(Metadata, metadataRequest()));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).code).toBe('LK_TIMEOUT_REQUEST');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(connection.closed).toBe(true);
  });

  it('aborts a written request (closing) and a queued one (not closing)', async () => {
    fake = await startFake();
    takeOver(fake.cluster, isMetadata, () => {});
    connection = await openConnection(fake.address);
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
    fake = await startFake();
    // What a broker that knows ApiVersions 0-2 only does: a v0 body with UNSUPPORTED_VERSION and its range.
    takeOver(
      fake.cluster,
      (r) => r.apiKey === ApiKey.ApiVersions && r.apiVersion > 2,
      (taken) => {
        const body = new Writer()
          .int16(ErrorCode.UNSUPPORTED_VERSION)
          .int32(1)
          .int16(ApiKey.ApiVersions)
          .int16(0)
          .int16(2)
          .finish();
        taken.write(rawResponse(taken.request.correlationId, body));
      },
    );
    connection = await openConnection(fake.address);
    expect(fake.seen.map((r) => r.apiVersion)).toEqual([ApiVersions.maxVersion, 2]);
    expect(connection.versions.get(Metadata.apiKey)).toBe(Metadata.maxVersion);
  });

  it('publishes diagnostics in causal order: open, the handshake, ready, calls, close', async () => {
    fake = await startFake();
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
      connection = await openConnection(fake.address);
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
      broker: `${fake.address.host}:${fake.address.port}`,
    });
    expect(end.responseBytes).toBeGreaterThan(0);
    expect(end.durationMs).toBeGreaterThanOrEqual(0);
  });
});

describe('dialing', () => {
  it('reports a refused connection as LK_TRANSPORT_DIAL', async () => {
    const error = await rejection(openConnection({ host: '127.0.0.1', port: await closedPort() }));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('LK_TRANSPORT_DIAL');
  });

  // A TLS handshake never reaches Kafka framing: what these need is a port that accepts and stays silent.
  it('times out a TLS handshake the server never answers', async () => {
    const silent = await silentListener();
    closers.push(silent.close);
    const error = await rejection(openConnection(silent.address, { tls: true, dialTimeoutMs: 200 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).code).toBe('LK_TIMEOUT_DIAL');
  });

  it('aborts a dial', async () => {
    const silent = await silentListener();
    closers.push(silent.close);
    const error = await rejection(openConnection(silent.address, { tls: true }, AbortSignal.timeout(100)));
    expect(error).toBeInstanceOf(AbortError);
  });
});
