import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { parseAddress } from '../src/address.ts';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import { SaslError, TransportError } from '../src/errors.ts';
import { openConnection } from '../src/open-connection.ts';
import type { SaslOptions } from '../src/options.ts';
import { oauthBearer } from '../src/sasl/oauthbearer.ts';
import { plain as plainSasl } from '../src/sasl/plain.ts';
import { scramSha256, scramSha512 } from '../src/sasl/scram.ts';
import { expectedBrokers, rejection } from './helpers.ts';

const kafka = inject('kafka');
const ca = readFileSync(kafka.tls.caPem);
const cert = readFileSync(kafka.tls.clientCertPem);
const key = readFileSync(kafka.tls.clientKeyPem);
const first = (list: string) => parseAddress(list.split(',')[0]!);

describe('TLS', () => {
  it('connects with server authentication and verifies the certificate', async () => {
    const connection = await openConnection(first(kafka.bootstraps.ssl), { tls: { ca } });
    expect(connection.versions.size).toBeGreaterThan(10);
    connection.close();
  });

  it('connects with mTLS and a client certificate', async () => {
    const cluster = new BootstrapClient(kafka.bootstraps.mtls, { tls: { ca, cert, key } });
    expect((await cluster.metadata(null)).brokers.length).toBe((await expectedBrokers(kafka)).length);
  });

  it('fails on mTLS without a client certificate', async () => {
    const error = await rejection(
      openConnection(first(kafka.bootstraps.mtls), { tls: { ca }, requestTimeoutMs: 5000 }),
    );
    expect(error).toBeInstanceOf(TransportError);
  });

  it('fails when the CA is not trusted', async () => {
    const error = await rejection(openConnection(first(kafka.bootstraps.ssl), { tls: true }));
    expect((error as TransportError).code).toBe('LK_TRANSPORT_TLS');
  });

  it('fails when the host name does not match the certificate', async () => {
    const address = first(kafka.bootstraps.ssl);
    const error = await rejection(openConnection(address, { tls: { ca, servername: 'wrong.example' } }));
    expect((error as TransportError).code).toBe('LK_TRANSPORT_TLS');
  });

  it('explains plaintext sent to a TLS listener and TLS sent to a plaintext one', async () => {
    const plainToTls = await rejection(
      openConnection(first(kafka.bootstraps.ssl), { requestTimeoutMs: 3000 }),
    );
    expect(plainToTls).toBeInstanceOf(Error);
    expect((plainToTls as TransportError).code).toMatch(/^LK_(TRANSPORT_CLOSED|FRAME_NOT_KAFKA)$/);
    expect(plainToTls.message).toMatch(/TLS/);
    const tlsToPlain = await rejection(
      openConnection(first(kafka.bootstraps.plaintext), { tls: { ca }, dialTimeoutMs: 3000 }),
    );
    expect((tlsToPlain as TransportError).code).toBe('LK_TRANSPORT_TLS');
    expect(tlsToPlain.message).toContain('the listener likely does not speak TLS');
  });

  it('explains SASL sent to a TLS listener without TLS', async () => {
    const error = await rejection(
      new BootstrapClient(kafka.bootstraps.ssl, { sasl: good()[0], requestTimeoutMs: 3000 }).metadata(null),
    );
    expect(error.message).toMatch(/TLS/);
  });
});

/** The SASL users of the SASL_PLAINTEXT listener, one per mechanism (with `password` instead of theirs). */
function good(password?: string): SaslOptions[] {
  const { plain, scram } = kafka.users;
  return [
    plainSasl({ username: plain.username, password: password ?? plain.password }),
    scramSha256({ username: scram.username, password: password ?? scram.password }),
    scramSha512({ username: scram.username, password: password ?? scram.password }),
  ];
}

const WRONG_PASSWORD = 'definitely-wrong-Pa55word';

describe('a listener that does not fit the client', () => {
  it('says SASL is likely required when a SASL listener is reached without SASL', async () => {
    const error = await rejection(new BootstrapClient(kafka.bootstraps.saslPlaintext).metadata(null));
    expect((error as TransportError).code).toBe('LK_TRANSPORT_CLOSED');
    expect(error.message).toContain('right after ApiVersions: the listener likely requires SASL');
  });

  it('says the listener likely does not use SASL when SASL is sent to a plaintext one', async () => {
    const error = await rejection(openConnection(first(kafka.bootstraps.plaintext), { sasl: good()[0] }));
    expect(error).toBeInstanceOf(SaslError);
    expect((error as SaslError).code).toBe('LK_SASL_MECHANISM');
    expect(error.message).toContain('the listener likely does not use SASL');
  });

  it('says the listener likely does not speak TLS when TLS is sent to a SASL_PLAINTEXT one', async () => {
    const error = await rejection(
      openConnection(first(kafka.bootstraps.saslPlaintext), { tls: { ca }, sasl: good()[0] }),
    );
    expect((error as TransportError).code).toBe('LK_TRANSPORT_TLS');
    expect(error.message).toContain('the listener likely does not speak TLS');
  });
});

describe('SASL', () => {
  const address = first(kafka.bootstraps.saslPlaintext);
  const { plain, scram } = kafka.users;

  it.each(good())('authenticates with $mechanism', async (sasl) => {
    const cluster = new BootstrapClient(kafka.bootstraps.saslPlaintext, { sasl });
    expect((await cluster.metadata(null)).brokers.length).toBe((await expectedBrokers(kafka)).length);
  });

  it.each(good(WRONG_PASSWORD))(
    'refuses a wrong password with $mechanism, without leaking it',
    async (sasl) => {
      const wrongPassword = WRONG_PASSWORD;
      const error = await rejection(openConnection(address, { sasl }));
      expect(error).toBeInstanceOf(SaslError);
      expect((error as SaslError).code).toBe('LK_SASL_AUTHENTICATION_FAILED');
      expect((error as SaslError).cause).toMatchObject({ code: 'LK_KAFKA_SASL_AUTHENTICATION_FAILED' });
      const text = `${error.message} ${String((error as SaslError).cause)} ${JSON.stringify(error)}`;
      expect(text).not.toContain(wrongPassword);
      expect(text).not.toContain(plain.password);
      expect(text).not.toContain(scram.password);
    },
  );

  it('refuses an unknown SCRAM user', async () => {
    const error = await rejection(
      openConnection(address, { sasl: scramSha256({ username: 'nobody', password: 'x' }) }),
    );
    expect((error as SaslError).code).toBe('LK_SASL_AUTHENTICATION_FAILED');
  });

  it('reports a mechanism the listener does not enable', async () => {
    const error = await rejection(
      openConnection(address, { sasl: oauthBearer({ token: () => ({ token: 'x' }) }) }),
    );
    expect((error as SaslError).code).toBe('LK_SASL_MECHANISM');
    expect(error.message).toContain('SCRAM-SHA-256');
  });
});
