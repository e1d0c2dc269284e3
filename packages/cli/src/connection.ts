// Where and how to connect: flags, then LK_* environment variables, then a properties file in the
// Java client's format (--config or LK_CONFIG), in that order of precedence.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import {
  type ClusterOptions,
  oauthBearer,
  plain,
  type SaslOptions,
  scramSha256,
  scramSha512,
} from '@lk/client';
import { type FlagSpecs, type FlagValues, listFlag, stringFlag } from './args.ts';
import { UsageError } from './errors.ts';
import { parseJaasConfig, parseProperties } from './properties.ts';

/** The connection flags every command that talks to a cluster takes. */
export const CONNECTION_FLAGS: FlagSpecs = {
  bootstrap: {
    type: 'string',
    short: 'b',
    value: 'HOST:PORT,...',
    help: 'brokers to start from (env LK_BOOTSTRAP)',
  },
  config: {
    type: 'string',
    short: 'F',
    value: 'FILE',
    help: 'Java client properties: bootstrap.servers, security.protocol, sasl.*, ssl.* (env LK_CONFIG)',
  },
  property: {
    type: 'string',
    short: 'X',
    multiple: true,
    value: 'KEY=VALUE',
    help: 'one Java client property, repeatable',
  },
  tls: { type: 'boolean', help: 'connect with TLS (env LK_TLS=1)' },
  'tls-ca': { type: 'string', value: 'FILE', help: 'PEM CA certificates to trust (env LK_TLS_CA)' },
  'tls-cert': { type: 'string', value: 'FILE', help: 'PEM client certificate for mTLS (env LK_TLS_CERT)' },
  'tls-key': { type: 'string', value: 'FILE', help: 'PEM client key for mTLS (env LK_TLS_KEY)' },
  'tls-insecure': { type: 'boolean', help: 'do not verify the broker certificate' },
  'sasl-mechanism': {
    type: 'string',
    value: 'MECH',
    help: 'PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER (env LK_SASL_MECHANISM)',
  },
  'sasl-username': { type: 'string', value: 'USER', help: 'SASL user (env LK_SASL_USERNAME)' },
  'sasl-password': {
    type: 'string',
    value: 'PASS',
    help: 'SASL password (env LK_SASL_PASSWORD; prefer it to the flag)',
  },
  'sasl-token': { type: 'string', value: 'TOKEN', help: 'OAUTHBEARER token (env LK_SASL_TOKEN)' },
  'client-id': { type: 'string', value: 'ID', help: "client id (default 'lk')" },
  'request-timeout-ms': {
    type: 'string',
    value: 'MS',
    help: 'longest wait for one response (default 30000)',
  },
};

const MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'] as const;
const PROTOCOLS = ['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'] as const;

/** Environment variables as the CLI reads them (LK_* and the like). */
export type Env = Readonly<Record<string, string | undefined>>;

/** The Java client properties given: the file (--config or LK_CONFIG), then each -X on top. */
export function javaProperties(flags: FlagValues, env: Env): Map<string, string> {
  const file = stringFlag(flags, 'config') ?? env.LK_CONFIG;
  const props = new Map<string, string>();
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`--config: cannot read ${file}: ${(error as Error).message}`);
    }
    for (const [k, v] of parseProperties(text)) props.set(k, v);
  }
  for (const kv of listFlag(flags, 'property')) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--property must be KEY=VALUE, got '${kv}'`);
    props.set(kv.slice(0, eq), kv.slice(eq + 1));
  }
  return props;
}

function readPem(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Cluster options from the flags, the environment and the Java properties. */
export function connectionOptions(flags: FlagValues, env: Env = process.env): ClusterOptions {
  const props = javaProperties(flags, env);
  // An empty variable counts as unset (as `LK_BOOTSTRAP= lk ...` means).
  const fromEnv = (name: string) => (env[name] === '' ? undefined : env[name]);
  const pick = (flag: string, envName: string, prop?: string): string | undefined =>
    stringFlag(flags, flag) ?? fromEnv(envName) ?? (prop === undefined ? undefined : props.get(prop));
  const bootstrap = pick('bootstrap', 'LK_BOOTSTRAP', 'bootstrap.servers');
  if (bootstrap === undefined || bootstrap.trim() === '') {
    throw new UsageError('--bootstrap is required (or LK_BOOTSTRAP, or bootstrap.servers in --config)');
  }
  const protocol = (props.get('security.protocol') ?? 'PLAINTEXT').toUpperCase();
  if (!(PROTOCOLS as readonly string[]).includes(protocol)) {
    throw new UsageError(`security.protocol must be one of ${PROTOCOLS.join(', ')}, got '${protocol}'`);
  }
  const options: ClusterOptions = { bootstrap: bootstrap.split(',').map((s) => s.trim()) };
  const tls = tlsOptions(flags, env, props, protocol.endsWith('SSL'));
  if (tls !== null) options.tls = tls;
  const sasl = saslOptions(pick, props, protocol.startsWith('SASL'));
  if (sasl !== null) options.sasl = sasl;
  const clientId = pick('client-id', 'LK_CLIENT_ID', 'client.id');
  if (clientId !== undefined) options.clientId = clientId;
  const timeout = pick('request-timeout-ms', 'LK_REQUEST_TIMEOUT_MS', 'request.timeout.ms');
  if (timeout !== undefined) {
    const ms = Number(timeout);
    if (!Number.isInteger(ms) || ms <= 0)
      throw new UsageError(`--request-timeout-ms must be a positive integer, got '${timeout}'`);
    options.requestTimeoutMs = ms;
  }
  return options;
}

function tlsOptions(
  flags: FlagValues,
  env: Env,
  props: Map<string, string>,
  fromProtocol: boolean,
): TlsOptions | null {
  const ca = stringFlag(flags, 'tls-ca') ?? env.LK_TLS_CA;
  const cert = stringFlag(flags, 'tls-cert') ?? env.LK_TLS_CERT;
  const key = stringFlag(flags, 'tls-key') ?? env.LK_TLS_KEY;
  const on =
    flags.tls === true || env.LK_TLS === '1' || fromProtocol || ca !== undefined || cert !== undefined;
  if (!on) return null;
  const tls: TlsOptions = {};
  if (ca !== undefined) tls.ca = readPem('--tls-ca', ca);
  if (cert !== undefined) tls.cert = readPem('--tls-cert', cert);
  if (key !== undefined) tls.key = readPem('--tls-key', key);
  // The Java client's PEM settings (ssl.truststore.type=PEM, ssl.keystore.type=PEM).
  for (const type of ['ssl.truststore.type', 'ssl.keystore.type']) {
    const t = props.get(type);
    if (t !== undefined && t.toUpperCase() !== 'PEM') {
      throw new UsageError(`${type}=${t}: lk reads PEM files only (convert with keytool/openssl)`);
    }
  }
  const truststore = props.get('ssl.truststore.location');
  if (tls.ca === undefined && truststore !== undefined)
    tls.ca = readPem('ssl.truststore.location', truststore);
  if (tls.ca === undefined && props.has('ssl.truststore.certificates'))
    tls.ca = props.get('ssl.truststore.certificates');
  const keystore = props.get('ssl.keystore.location');
  if (tls.cert === undefined && keystore !== undefined) {
    const pem = readPem('ssl.keystore.location', keystore);
    tls.cert = pem;
    tls.key = pem;
  }
  if (tls.cert === undefined && props.has('ssl.keystore.certificate.chain')) {
    tls.cert = props.get('ssl.keystore.certificate.chain');
    tls.key = props.get('ssl.keystore.key');
  }
  if (props.has('ssl.key.password')) tls.passphrase = props.get('ssl.key.password');
  if (flags['tls-insecure'] === true) tls.rejectUnauthorized = false;
  // Java's way to turn hostname verification off; the chain is still verified.
  if (props.get('ssl.endpoint.identification.algorithm') === '') tls.checkServerIdentity = () => undefined;
  return tls;
}

function saslOptions(
  pick: (flag: string, envName: string, prop?: string) => string | undefined,
  props: Map<string, string>,
  fromProtocol: boolean,
): SaslOptions | null {
  const jaas = props.has('sasl.jaas.config') ? parseJaasConfig(props.get('sasl.jaas.config')!).options : null;
  const mechanism = pick('sasl-mechanism', 'LK_SASL_MECHANISM', 'sasl.mechanism')?.toUpperCase();
  if (mechanism === undefined) {
    if (fromProtocol) return saslOptionsFor('GSSAPI');
    return null;
  }
  return saslOptionsFor(mechanism);

  function saslOptionsFor(m: string): SaslOptions {
    if (!(MECHANISMS as readonly string[]).includes(m)) {
      throw new UsageError(`--sasl-mechanism must be one of ${MECHANISMS.join(', ')}, got '${m}'`);
    }
    if (m === 'OAUTHBEARER') {
      const token = pick('sasl-token', 'LK_SASL_TOKEN');
      if (token === undefined)
        throw new UsageError('--sasl-token (or LK_SASL_TOKEN) is required for OAUTHBEARER');
      return oauthBearer({ token: () => ({ token }) });
    }
    const username = pick('sasl-username', 'LK_SASL_USERNAME') ?? jaas?.get('username');
    const password = pick('sasl-password', 'LK_SASL_PASSWORD') ?? jaas?.get('password');
    if (username === undefined || password === undefined) {
      throw new UsageError(
        `${m} needs --sasl-username and --sasl-password (or LK_SASL_*, or sasl.jaas.config)`,
      );
    }
    const credentials = { username, password };
    if (m === 'PLAIN') return plain(credentials);
    return m === 'SCRAM-SHA-256' ? scramSha256(credentials) : scramSha512(credentials);
  }
}
