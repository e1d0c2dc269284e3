// A client whose security settings do not fit the listener: the broker only hangs up, so the error
// says which mismatch is likely. Against @lk/fake's listeners, which behave as Kafka's do (the real
// ones, TLS included, are in security.integration.test.ts).
import { ApiKey, Metadata } from '@lk/api';
import { afterEach, describe, expect, it } from 'vitest';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import { SaslError, TransportError } from '../src/errors.ts';
import { openConnection } from '../src/open-connection.ts';
import { plain } from '../src/sasl/plain.ts';
import { startFake, type TestFake, takeOver } from './fake.ts';
import { rejection } from './helpers.ts';

let fake: TestFake | null = null;

afterEach(async () => {
  expect(fake?.cluster.serverErrors ?? []).toEqual([]);
  await fake?.cluster.close();
  fake = null;
});

describe('a listener that does not fit the client', () => {
  it('SASL listener, no sasl option: closed right after ApiVersions says SASL is likely required', async () => {
    // Kafka's SASL listeners answer ApiVersions, then drop a client whose next request is not SaslHandshake.
    fake = await startFake({ sasl: { users: { u: 'p' } } });
    const error = await rejection(new BootstrapClient(fake.cluster.saslBootstrap).metadata(null));
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('LK_TRANSPORT_CLOSED');
    expect(error.message).toContain('right after ApiVersions: the listener likely requires SASL');
    // The Metadata was refused unserved, as Kafka refuses requests before authentication.
    expect(fake.cluster.requestCounts.get('Metadata')).toBeUndefined();
  });

  it('does not blame SASL when calls were answered before the close', async () => {
    fake = await startFake();
    let calls = 0;
    fake.cluster.onRequest((r) =>
      r.apiKey === ApiKey.Metadata && ++calls === 2 ? { drop: 'before' } : undefined,
    );
    const connection = await openConnection(fake.address);
    await connection.call(Metadata, { ...Metadata.newRequest(), topics: [] });
    const error = await rejection(connection.call(Metadata, { ...Metadata.newRequest(), topics: [] }));
    expect(error.message).toMatch(/^connection closed by the broker \(127\.0\.0\.1:\d+\)$/);
  });

  it('closed during ApiVersions without TLS asks whether it is a TLS listener', async () => {
    fake = await startFake();
    fake.cluster.onRequest((r) => (r.apiKey === ApiKey.ApiVersions ? { drop: 'before' } : undefined));
    const error = await rejection(openConnection(fake.address));
    expect((error as TransportError).code).toBe('LK_TRANSPORT_CLOSED');
    expect(error.message).toContain(
      'during ApiVersions: is it a TLS listener (SSL, SASL_SSL)? Then set the tls option',
    );
  });

  it('a TLS alert instead of an answer says to connect with TLS', async () => {
    // What Kafka's SSL listener answers to a plaintext ApiVersions: a TLS alert record.
    fake = await startFake();
    takeOver(
      fake.cluster,
      (r) => r.apiKey === ApiKey.ApiVersions,
      (taken) => taken.end(Uint8Array.of(0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x50)),
    );
    const error = await rejection(openConnection(fake.address));
    expect((error as TransportError).code).toBe('LK_FRAME_NOT_KAFKA');
    expect(error.message).toContain('connect with TLS');
  });

  it('TLS to a plaintext listener, which hangs up on the ClientHello, says it likely does not speak TLS', async () => {
    // The ClientHello's first bytes read as a frame size far above the limit: the fake closes, as Kafka does.
    fake = await startFake();
    const error = await rejection(openConnection(fake.address, { tls: true }));
    expect((error as TransportError).code).toBe('LK_TRANSPORT_TLS');
    expect(error.message).toContain('the listener likely does not speak TLS (PLAINTEXT, SASL_PLAINTEXT)');
  });

  it('SASL to a listener without SASL says it likely does not use SASL', async () => {
    // Kafka's plaintext listeners refuse SaslHandshake with ILLEGAL_SASL_STATE and no mechanisms.
    fake = await startFake();
    const sasl = plain({ username: 'u', password: 'p' });
    const error = await rejection(openConnection(fake.address, { sasl }));
    expect(error).toBeInstanceOf(SaslError);
    expect(error.message).toContain(
      '(enabled: none): the listener likely does not use SASL (PLAINTEXT, SSL)',
    );
  });
});
