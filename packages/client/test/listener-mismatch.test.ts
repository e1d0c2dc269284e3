// A client whose security settings do not fit the listener: the broker only hangs up, so the error
// says which mismatch is likely. Against fake listeners that behave as Kafka's do (the real ones are
// in security.integration.test.ts).
import net from 'node:net';
import { encodeResponseFrame, Metadata, SaslHandshake } from '@lk/api';
import { Writer } from '@lk/wire';
import { afterEach, describe, expect, it } from 'vitest';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import { SaslError, TransportError } from '../src/errors.ts';
import { openConnection } from '../src/open-connection.ts';
import { type FakeBroker, responseFrame, startFakeBroker } from './fake-broker.ts';
import { rejection } from './helpers.ts';

let broker: FakeBroker | null = null;
let server: net.Server | null = null;

afterEach(async () => {
  await broker?.close();
  broker = null;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  server = null;
});

describe('a listener that does not fit the client', () => {
  it('SASL listener, no sasl option: closed right after ApiVersions says SASL is likely required', async () => {
    // Kafka's SASL listeners answer ApiVersions, then drop a client whose next request is not SaslHandshake.
    broker = await startFakeBroker((_request, socket) => socket.destroy());
    const error = await rejection(new BootstrapClient(`127.0.0.1:${broker.port}`).metadata(null));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('LK_TRANSPORT_CLOSED');
    expect(error.message).toContain('right after ApiVersions: the listener likely requires SASL');
    expect(broker.requests.at(-1)!.apiKey).toBe(Metadata.apiKey);
  });

  it('does not blame SASL when calls were answered before the close', async () => {
    let calls = 0;
    broker = await startFakeBroker((request, socket) => {
      if (++calls === 2) return socket.destroy();
      socket.write(
        encodeResponseFrame(Metadata, request.apiVersion, request.correlationId, {
          ...Metadata.newResponse(),
          clusterId: 'fake',
        }),
      );
    });
    const connection = await openConnection(broker.address);
    await connection.call(Metadata, { ...Metadata.newRequest(), topics: [] });
    const error = await rejection(connection.call(Metadata, { ...Metadata.newRequest(), topics: [] }));
    expect(error.message).toMatch(/^connection closed by the broker \(127\.0\.0\.1:\d+\)$/);
  });

  it('closed during ApiVersions without TLS asks whether it is a TLS listener', async () => {
    broker = await startFakeBroker((_request, socket) => socket.destroy(), { answerApiVersions: false });
    const error = await rejection(openConnection(broker.address));
    expect((error as TransportError).code).toBe('LK_TRANSPORT_CLOSED');
    expect(error.message).toContain(
      'during ApiVersions: is it a TLS listener (SSL, SASL_SSL)? Then set the tls option',
    );
  });

  it('a TLS alert instead of an answer says to connect with TLS', async () => {
    // What Kafka's SSL listener answers to a plaintext ApiVersions: a TLS alert record.
    broker = await startFakeBroker(
      (_request, socket) => socket.end(Uint8Array.of(0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x50)),
      { answerApiVersions: false },
    );
    const error = await rejection(openConnection(broker.address));
    expect((error as TransportError).code).toBe('LK_FRAME_NOT_KAFKA');
    expect(error.message).toContain('connect with TLS');
  });

  it('TLS to a plaintext listener, which hangs up on the ClientHello, says it likely does not speak TLS', async () => {
    server = net.createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const error = await rejection(openConnection({ host: '127.0.0.1', port }, { tls: true }));
    expect((error as TransportError).code).toBe('LK_TRANSPORT_TLS');
    expect(error.message).toContain('the listener likely does not speak TLS (PLAINTEXT, SASL_PLAINTEXT)');
  });

  it('SASL to a listener without SASL says it likely does not use SASL', async () => {
    // Kafka's plaintext listeners refuse SaslHandshake with ILLEGAL_SASL_STATE and no mechanisms.
    broker = await startFakeBroker((request, socket) => {
      const writer = new Writer();
      SaslHandshake.encodeResponse(
        writer,
        { ...SaslHandshake.newResponse(), errorCode: 34, mechanisms: [] },
        request.apiVersion,
      );
      socket.write(responseFrame(request.correlationId, writer.finish()));
    });
    const sasl = { mechanism: 'PLAIN', username: 'u', password: 'p' } as const;
    const error = await rejection(openConnection(broker.address, { sasl }));
    expect(error).toBeInstanceOf(SaslError);
    expect(error.message).toContain(
      '(enabled: none): the listener likely does not use SASL (PLAINTEXT, SSL)',
    );
  });
});
