import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { SaslError } from '../errors.ts';
import type { SaslOptions } from '../options.ts';
import { saslMechanism } from './authenticate.ts';
import type { SaslMechanism } from './mechanism.ts';
import type { SaslCredentials } from './plain.ts';

const pbkdf2Async = promisify(pbkdf2);

/** Hash functions SCRAM can use. `sha1` exists only for RFC 5802's test vectors. */
export type ScramHash = 'sha1' | 'sha256' | 'sha512';

/** The fewest iterations a server may ask for: RFC 7677's minimum. */
export const SCRAM_MIN_ITERATIONS = 4096;
/** The most iterations a server may ask for: a cap against a CPU-burning server. */
export const SCRAM_MAX_ITERATIONS = 1_000_000;

const HASH_BYTES: Record<ScramHash, number> = { sha1: 20, sha256: 32, sha512: 64 };
/** base64("n,,"): no channel binding, no authzid. */
const GS2_HEADER = 'n,,';
const CHANNEL_BINDING = Buffer.from(GS2_HEADER).toString('base64');

/**
 * SCRAM's SaltedPassword (RFC 5802: Hi(password, salt, i), PBKDF2 with HMAC of `hash`), as both
 * sides of an exchange derive it, and as Kafka's AlterUserScramCredentials stores it: a client
 * that creates a SCRAM user sends this, never the password.
 *
 * @example
 * ```ts
 * const salt = randomBytes(32);
 * const salted = await scramSaltedPassword('sha256', 'pencil', salt, 8192);
 * ```
 */
export function scramSaltedPassword(
  hash: ScramHash,
  password: string,
  salt: Uint8Array,
  iterations: number,
): Promise<Buffer> {
  return pbkdf2Async(Buffer.from(password, 'utf8'), salt, iterations, HASH_BYTES[hash], hash);
}

/**
 * The client side of SCRAM (RFC 5802, RFC 7677) as a three-step state machine:
 * {@link clientFirst}, {@link clientFinal} (given the server-first message) and
 * {@link verifyServerFinal}. The server is not trusted: its nonce must extend ours, its iteration
 * count must be within {@link SCRAM_MIN_ITERATIONS}..{@link SCRAM_MAX_ITERATIONS}, and its signature
 * is compared in constant time. No proof is computed for a bad server-first message.
 *
 * @example
 * ```ts
 * const scram = new ScramClient('sha256', 'user', 'pencil');
 * const first = scram.clientFirst(); // 'n,,n=user,r=...'
 * const final = await scram.clientFinal(serverFirst);
 * scram.verifyServerFinal(serverFinal);
 * ```
 */
export class ScramClient {
  private readonly hash: ScramHash;
  private readonly password: string;
  private readonly clientFirstBare: string;
  private readonly clientNonce: string;
  private expectedServerSignature: Buffer | null = null;

  constructor(
    hash: ScramHash,
    username: string,
    password: string,
    nonce = randomBytes(24).toString('base64'),
  ) {
    this.hash = hash;
    this.password = password;
    this.clientNonce = nonce;
    this.clientFirstBare = `n=${saslName(username)},r=${nonce}`;
  }

  clientFirst(): string {
    return GS2_HEADER + this.clientFirstBare;
  }

  async clientFinal(serverFirst: string): Promise<string> {
    const attributes = parseAttributes(serverFirst);
    if (attributes.has('m')) {
      throw new SaslError('LK_SASL_SCRAM_MALFORMED', 'SCRAM server-first asks for an unsupported extension');
    }
    const nonce = attributes.get('r');
    const salt = attributes.get('s');
    const iterationText = attributes.get('i');
    if (nonce === undefined || salt === undefined || iterationText === undefined) {
      throw new SaslError(
        'LK_SASL_SCRAM_MALFORMED',
        'SCRAM server-first lacks the nonce, salt or iteration count',
      );
    }
    if (!nonce.startsWith(this.clientNonce) || nonce.length === this.clientNonce.length) {
      throw new SaslError('LK_SASL_SCRAM_NONCE', 'SCRAM server nonce does not extend the client nonce');
    }
    const iterations = /^[0-9]{1,7}$/.test(iterationText) ? Number(iterationText) : Number.NaN;
    if (!(iterations >= SCRAM_MIN_ITERATIONS && iterations <= SCRAM_MAX_ITERATIONS)) {
      throw new SaslError(
        'LK_SASL_SCRAM_ITERATIONS',
        `SCRAM iteration count ${iterationText} is outside ${SCRAM_MIN_ITERATIONS}..${SCRAM_MAX_ITERATIONS}`,
      );
    }
    const saltedPassword = await scramSaltedPassword(
      this.hash,
      this.password,
      Buffer.from(salt, 'base64'),
      iterations,
    );
    const withoutProof = `c=${CHANNEL_BINDING},r=${nonce}`;
    const authMessage = `${this.clientFirstBare},${serverFirst},${withoutProof}`;
    const clientKey = this.hmac(saltedPassword, 'Client Key');
    const storedKey = createHash(this.hash).update(clientKey).digest();
    const clientSignature = this.hmac(storedKey, authMessage);
    const proof = Buffer.alloc(clientKey.length);
    for (let i = 0; i < proof.length; i++) proof[i] = clientKey[i]! ^ clientSignature[i]!;
    this.expectedServerSignature = this.hmac(this.hmac(saltedPassword, 'Server Key'), authMessage);
    return `${withoutProof},p=${proof.toString('base64')}`;
  }

  verifyServerFinal(serverFinal: string): void {
    const attributes = parseAttributes(serverFinal);
    const error = attributes.get('e');
    if (error !== undefined) {
      throw new SaslError('LK_SASL_SCRAM_SERVER_ERROR', `SCRAM server refused: ${error}`);
    }
    const expected = this.expectedServerSignature;
    const signature = Buffer.from(attributes.get('v') ?? '', 'base64');
    if (expected === null || signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
      throw new SaslError('LK_SASL_SCRAM_SERVER_SIGNATURE', 'SCRAM server signature does not verify');
    }
  }

  private hmac(key: Buffer, data: string): Buffer {
    return createHmac(this.hash, key).update(data, 'utf8').digest();
  }
}

/** SCRAM-SHA-256 or SCRAM-SHA-512 as a {@link SaslMechanism}. */
export function scramMechanism(
  name: 'SCRAM-SHA-256' | 'SCRAM-SHA-512',
  username: string,
  password: string,
): SaslMechanism {
  const scram = new ScramClient(name === 'SCRAM-SHA-256' ? 'sha256' : 'sha512', username, password);
  let step = 0;
  return {
    name,
    start: async () => Buffer.from(scram.clientFirst()),
    async respond(challenge) {
      step++;
      if (step === 1) return Buffer.from(await scram.clientFinal(Buffer.from(challenge).toString('utf8')));
      scram.verifyServerFinal(Buffer.from(challenge).toString('utf8'));
      return null;
    },
  };
}

/**
 * The `sasl` option for SASL/SCRAM-SHA-256 (RFC 7677).
 *
 * @example
 * ```ts
 * const options = { sasl: scramSha256({ username: 'alice', password: 'secret' }) };
 * ```
 */
export function scramSha256(credentials: SaslCredentials): SaslOptions & SaslCredentials {
  return scram('SCRAM-SHA-256', credentials);
}

/**
 * The `sasl` option for SASL/SCRAM-SHA-512.
 *
 * @example
 * ```ts
 * const options = { sasl: scramSha512({ username: 'alice', password: 'secret' }) };
 * ```
 */
export function scramSha512(credentials: SaslCredentials): SaslOptions & SaslCredentials {
  return scram('SCRAM-SHA-512', credentials);
}

function scram(
  name: 'SCRAM-SHA-256' | 'SCRAM-SHA-512',
  { username, password }: SaslCredentials,
): SaslOptions & SaslCredentials {
  return { ...saslMechanism(name, () => scramMechanism(name, username, password)), username, password };
}

/** RFC 5802 saslname: ',' and '=' escaped. */
function saslName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

function parseAttributes(message: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const part of message.split(',')) {
    if (part.length < 2 || part[1] !== '=') {
      throw new SaslError('LK_SASL_SCRAM_MALFORMED', 'SCRAM server message is not a list of attributes');
    }
    attributes.set(part[0]!, part.slice(2));
  }
  return attributes;
}
