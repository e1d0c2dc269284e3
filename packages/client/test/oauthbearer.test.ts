import { describe, expect, it } from 'vitest';
import { ConfigError, SaslError } from '../src/errors.ts';
import { oauthBearerMechanism } from '../src/sasl/oauthbearer.ts';
import { rejection } from './helpers.ts';

const text = new TextDecoder();

describe('OAUTHBEARER mechanism', () => {
  it('sends the GS2 header, the bearer token and the extensions (RFC 7628 §3.1)', async () => {
    const mechanism = oauthBearerMechanism(() => ({ token: 'tok', extensions: { traceId: 'abc' } }));
    expect(text.decode(await mechanism.start())).toBe(
      'n,,\u0001auth=Bearer tok\u0001traceId=abc\u0001\u0001',
    );
  });

  it('is done after an empty server answer', async () => {
    const mechanism = oauthBearerMechanism(() => ({ token: 'tok' }));
    await mechanism.start();
    expect(await mechanism.respond(new Uint8Array())).toBeNull();
  });

  it('acknowledges an error challenge with %x01, then fails without quoting the token', async () => {
    const mechanism = oauthBearerMechanism(() => ({ token: 'secret-token' }));
    await mechanism.start();
    const challenge = new TextEncoder().encode('{"status":"invalid_token"}');
    expect(await mechanism.respond(challenge)).toEqual(Uint8Array.of(1));
    // A server that then reports success anyway is not believed.
    const error = await rejection(mechanism.respond(new Uint8Array()));
    expect(error).toBeInstanceOf(SaslError);
    expect((error as SaslError).code).toBe('LK_SASL_AUTHENTICATION_FAILED');
    expect(error.message).toContain('invalid_token');
    expect(error.message).not.toContain('secret-token');
  });

  it('refuses an extension named auth or with invalid characters', async () => {
    for (const name of ['auth', 'bad-name']) {
      const mechanism = oauthBearerMechanism(() => ({ token: 't', extensions: { [name]: 'x' } }));
      expect(await rejection(mechanism.start())).toBeInstanceOf(ConfigError);
    }
  });
});
