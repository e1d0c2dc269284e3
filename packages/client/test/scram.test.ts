import { describe, expect, it } from 'vitest';
import { SaslError } from '../src/errors.ts';
import { scramSaltedPassword } from '../src/index.ts';
import { ScramClient, scramMechanism } from '../src/sasl/scram.ts';

// RFC 5802 §5 (SHA-1) and RFC 7677 §3 (SHA-256) example exchanges.
const RFC5802 = {
  nonce: 'fyko+d2lbbFgONRv9qkxdawL',
  clientFirst: 'n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL',
  serverFirst: 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
  clientFinal: 'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
  serverFinal: 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=',
};
const RFC7677 = {
  nonce: 'rOprNGfwEbeRWgbNEkqO',
  clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
  serverFirst: 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
  clientFinal:
    'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
  serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
};

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SaslError);
  return (error as SaslError).code;
}

describe('ScramClient', () => {
  it('reproduces the RFC 5802 SCRAM-SHA-1 exchange', async () => {
    const scram = new ScramClient('sha1', 'user', 'pencil', RFC5802.nonce);
    expect(scram.clientFirst()).toBe(RFC5802.clientFirst);
    expect(await scram.clientFinal(RFC5802.serverFirst)).toBe(RFC5802.clientFinal);
    expect(() => scram.verifyServerFinal(RFC5802.serverFinal)).not.toThrow();
  });

  it('reproduces the RFC 7677 SCRAM-SHA-256 exchange', async () => {
    const scram = new ScramClient('sha256', 'user', 'pencil', RFC7677.nonce);
    expect(scram.clientFirst()).toBe(RFC7677.clientFirst);
    expect(await scram.clientFinal(RFC7677.serverFirst)).toBe(RFC7677.clientFinal);
    expect(() => scram.verifyServerFinal(RFC7677.serverFinal)).not.toThrow();
  });

  it('escapes = and , in the user name', () => {
    expect(new ScramClient('sha256', 'a=b,c', 'x', 'N').clientFirst()).toBe('n,,n=a=3Db=2Cc,r=N');
  });

  it('refuses a server nonce that does not extend the client nonce', async () => {
    const scram = new ScramClient('sha256', 'user', 'pencil', RFC7677.nonce);
    expect(await codeOf(scram.clientFinal('r=other,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096'))).toBe(
      'LK_SASL_SCRAM_NONCE',
    );
    expect(await codeOf(scram.clientFinal(`r=${RFC7677.nonce},s=AA==,i=4096`))).toBe('LK_SASL_SCRAM_NONCE');
  });

  it.each(['4095', '1000001', '-1', 'abc', '1e6'])('refuses iteration count %s', async (iterations) => {
    const scram = new ScramClient('sha256', 'user', 'pencil', 'N');
    expect(await codeOf(scram.clientFinal(`r=NX,s=AA==,i=${iterations}`))).toBe('LK_SASL_SCRAM_ITERATIONS');
  });

  it('refuses malformed and extension-demanding server-first messages', async () => {
    const scram = new ScramClient('sha256', 'user', 'pencil', 'N');
    expect(await codeOf(scram.clientFinal('garbage'))).toBe('LK_SASL_SCRAM_MALFORMED');
    expect(await codeOf(scram.clientFinal('r=NX,s=AA=='))).toBe('LK_SASL_SCRAM_MALFORMED');
    expect(await codeOf(scram.clientFinal('m=ext,r=NX,s=AA==,i=4096'))).toBe('LK_SASL_SCRAM_MALFORMED');
  });

  it('refuses a wrong server signature and reports a server error', async () => {
    const scram = new ScramClient('sha256', 'user', 'pencil', RFC7677.nonce);
    await scram.clientFinal(RFC7677.serverFirst);
    expect(await codeOf(Promise.resolve().then(() => scram.verifyServerFinal('v=AAAA')))).toBe(
      'LK_SASL_SCRAM_SERVER_SIGNATURE',
    );
    expect(await codeOf(Promise.resolve().then(() => scram.verifyServerFinal('e=invalid-proof')))).toBe(
      'LK_SASL_SCRAM_SERVER_ERROR',
    );
  });

  it('refuses a server-final before any proof was computed', async () => {
    const scram = new ScramClient('sha256', 'user', 'pencil');
    expect(await codeOf(Promise.resolve().then(() => scram.verifyServerFinal(RFC7677.serverFinal)))).toBe(
      'LK_SASL_SCRAM_SERVER_SIGNATURE',
    );
  });

  it('never puts the password in an error message', async () => {
    const scram = new ScramClient('sha256', 'user', 'hunter2-secret', 'N');
    const error = (await scram.clientFinal('r=NX,s=AA==,i=1').catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain('hunter2');
  });
});

describe('scramMechanism', () => {
  it('runs client-first, client-final, then ends after verifying server-final', async () => {
    const mechanism = scramMechanism('SCRAM-SHA-512', 'user', 'pencil');
    expect(mechanism.name).toBe('SCRAM-SHA-512');
    const first = Buffer.from(await mechanism.start()).toString();
    expect(first).toMatch(/^n,,n=user,r=[A-Za-z0-9+/=]{32}$/);
    const clientNonce = first.slice('n,,n=user,r='.length);
    const final = await mechanism.respond(Buffer.from(`r=${clientNonce}srv,s=QSXCR+Q6sek8bf92,i=4096`));
    expect(Buffer.from(final!).toString()).toMatch(/^c=biws,r=.*srv,p=/);
    await expect(mechanism.respond(Buffer.from('v=AAAA'))).rejects.toBeInstanceOf(SaslError);
  });
});

describe('scramSaltedPassword', () => {
  it('is PBKDF2 with the hash (RFC 6070 vector for SHA-1, and the well-known SHA-256 one)', async () => {
    const salt = Buffer.from('salt');
    expect((await scramSaltedPassword('sha1', 'password', salt, 4096)).toString('hex')).toBe(
      '4b007901b765489abead49d926f721d065a429c1',
    );
    expect((await scramSaltedPassword('sha256', 'password', salt, 4096)).toString('hex')).toBe(
      'c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a',
    );
    expect((await scramSaltedPassword('sha512', 'password', salt, 4096)).length).toBe(64);
  });
});
