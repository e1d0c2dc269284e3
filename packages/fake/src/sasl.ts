// SASL PLAIN and SCRAM-SHA-256/512 (RFC 5802) on the server side, checked against the cluster's users.
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ClientConnection } from './connection.ts';

/** Kafka's minimum (and the usual) SCRAM iteration count. */
const ITERATIONS = 4096;

export type SaslStep =
  | { kind: 'challenge'; bytes: Uint8Array }
  | { kind: 'done'; user: string; bytes: Uint8Array }
  | { kind: 'failed'; message: string };

const FAILED: SaslStep = { kind: 'failed', message: 'Authentication failed: Invalid username or password' };
const text = new TextDecoder();
const encode = (s: string): Uint8Array => new TextEncoder().encode(s);

/** PLAIN: `authzid \0 user \0 password` in one message. */
export function authenticatePlain(token: Uint8Array, users: ReadonlyMap<string, string>): SaslStep {
  const parts = text.decode(token).split('\u0000');
  if (parts.length !== 3) return { kind: 'failed', message: 'Invalid SASL/PLAIN request: expected 3 tokens' };
  const [authzid, user, password] = parts as [string, string, string];
  if (authzid !== '' && authzid !== user)
    return {
      kind: 'failed',
      message: 'Authentication failed: Client requested an authorization id that is different from username',
    };
  return users.get(user) === password ? { kind: 'done', user, bytes: new Uint8Array(0) } : FAILED;
}

/** One SCRAM exchange: client-first, then client-final. */
export class ScramServer {
  readonly #hash: 'sha256' | 'sha512';
  readonly #users: ReadonlyMap<string, string>;
  #state: {
    user: string;
    clientNonce: string;
    serverNonce: string;
    salt: Buffer;
    clientFirstBare: string;
    serverFirst: string;
  } | null = null;

  constructor(mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512', users: ReadonlyMap<string, string>) {
    this.#hash = mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha512';
    this.#users = users;
  }

  step(token: Uint8Array): SaslStep {
    return this.#state === null ? this.#first(text.decode(token)) : this.#final(text.decode(token));
  }

  #first(message: string): SaslStep {
    // gs2 header: "n,," or "y,," (no channel binding), optionally with a=authzid.
    const match = /^[ny],(?:a=[^,]*)?,(n=([^,]*),r=([^,]+)(?:,.*)?)$/.exec(message);
    if (match === null) return { kind: 'failed', message: 'Invalid SCRAM client first message' };
    const [, clientFirstBare, user, clientNonce] = match as unknown as [string, string, string, string];
    const name = user.replaceAll('=2C', ',').replaceAll('=3D', '=');
    const salt = randomBytes(16);
    const serverNonce = randomBytes(18).toString('base64url');
    const serverFirst = `r=${clientNonce}${serverNonce},s=${salt.toString('base64')},i=${ITERATIONS}`;
    this.#state = { user: name, clientNonce, serverNonce, salt, clientFirstBare, serverFirst };
    return { kind: 'challenge', bytes: encode(serverFirst) };
  }

  #final(message: string): SaslStep {
    const state = this.#state!;
    const match = /^(c=[^,]*,r=([^,]+)(?:,[^p][^,]*)*),p=([^,]+)$/.exec(message);
    if (match === null) return { kind: 'failed', message: 'Invalid SCRAM client final message' };
    const [, withoutProof, nonce, proof] = match as unknown as [string, string, string, string];
    const password = this.#users.get(state.user);
    // Kafka checks only that the nonce starts and ends as it should: librdkafka before 2.1 repeats
    // the client nonce in front of the combined one, and Kafka accepts it.
    if (!nonce.startsWith(state.clientNonce) || !nonce.endsWith(state.serverNonce) || password === undefined)
      return FAILED;
    const salted = pbkdf2Sync(
      password,
      state.salt,
      ITERATIONS,
      this.#hash === 'sha256' ? 32 : 64,
      this.#hash,
    );
    const clientKey = this.#hmac(salted, 'Client Key');
    const storedKey = createHash(this.#hash).update(clientKey).digest();
    const authMessage = `${state.clientFirstBare},${state.serverFirst},${withoutProof}`;
    const signature = this.#hmac(storedKey, authMessage);
    const expected = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!));
    const given = Buffer.from(proof, 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return FAILED;
    const serverSignature = this.#hmac(this.#hmac(salted, 'Server Key'), authMessage);
    return { kind: 'done', user: state.user, bytes: encode(`v=${serverSignature.toString('base64')}`) };
  }

  #hmac(key: Buffer, data: string): Buffer {
    return createHmac(this.#hash, key).update(data).digest();
  }
}

/** Runs one step of the connection's mechanism; on success the connection is authenticated as the user. */
export function saslStep(
  connection: ClientConnection,
  mechanism: string,
  users: ReadonlyMap<string, string>,
  token: Uint8Array,
): SaslStep {
  let step: SaslStep;
  if (mechanism === 'PLAIN') step = authenticatePlain(token, users);
  else {
    connection.sasl.scram ??= new ScramServer(mechanism as 'SCRAM-SHA-256' | 'SCRAM-SHA-512', users);
    step = connection.sasl.scram.step(token);
  }
  if (step.kind !== 'challenge') connection.sasl.scram = null;
  if (step.kind === 'done') {
    connection.sasl.user = step.user;
    connection.sasl.rawTokens = false;
  }
  return step;
}

/** A SaslHandshake v0 token frame: the reply frame (size + token), or null to close the connection. */
export function rawSaslReply(connection: ClientConnection, token: Uint8Array): Uint8Array | null {
  const users = connection.broker.cluster.options.sasl?.users;
  const mechanism = connection.sasl.mechanism;
  if (users === undefined || mechanism === null) return null;
  const step = saslStep(connection, mechanism, users, token);
  if (step.kind === 'failed') return null;
  const frame = new Uint8Array(4 + step.bytes.length);
  new DataView(frame.buffer).setInt32(0, step.bytes.length);
  frame.set(step.bytes, 4);
  return frame;
}
