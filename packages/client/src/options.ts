import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { DEFAULT_MAX_FRAME_SIZE } from '@lk/wire';
import { ConfigError } from './errors.ts';
import type { SaslTarget } from './sasl/authenticate.ts';
import { nonNegativeMs, positiveInteger, positiveMs } from './validate.ts';

/** A token for SASL/OAUTHBEARER (RFC 7628), with optional SASL extensions. */
export interface OAuthBearerToken {
  token: string;
  extensions?: Record<string, string>;
}

/**
 * A SASL mechanism plugin, as the `sasl` option takes it: `plain(...)`, `scramSha256(...)`,
 * `scramSha512(...)`, `oauthBearer(...)`, or your own from `saslMechanism(name, create)`. Each
 * lives in a module of its own, so that an application bundles only the mechanisms it names
 * (SCRAM's code stays out of an app that uses PLAIN or no SASL). The mechanism must be enabled on
 * the broker's listener.
 */
export interface SaslOptions {
  /** The mechanism name sent in SaslHandshake, e.g. `SCRAM-SHA-512`. */
  readonly mechanism: string;
  /**
   * Runs the whole exchange on a connection (SaslHandshake, then SaslAuthenticate round trips);
   * resolves to the session lifetime the broker granted in ms (0: no limit; KIP-368).
   */
  authenticate(target: SaslTarget, signal?: AbortSignal): Promise<number>;
}

/** How to open and use connections to brokers. Every client takes these. */
export interface ConnectionOptions {
  /**
   * TLS: `true` for defaults (system CAs, hostname verification), or `node:tls` options (`ca`,
   * `cert` and `key` for mTLS, `servername`, ...). `host` and `port` are filled in per broker.
   */
  tls?: boolean | TlsConnectionOptions | null;
  /** SASL authentication, run after ApiVersions on every connection. */
  sasl?: SaslOptions | null;
  /** The request header's client id. Default `'lk'`. */
  clientId?: string | null;
  /** Sent in ApiVersions v3+ (KIP-511); must match `[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?`. */
  clientSoftwareName?: string;
  clientSoftwareVersion?: string;
  /** TCP connect plus TLS handshake. Default 5 s. */
  dialTimeoutMs?: number;
  /** Longest wait for one response; on expiry the connection is closed. Default 60 s. */
  requestTimeoutMs?: number;
  /** Close and reopen a connection older than this before the next call. Default 0: forever. */
  connectionTtlMs?: number;
  /**
   * Close and reopen a connection idle for longer than this before the next call. Default 9 minutes,
   * under the broker's `connections.max.idle.ms` (10 minutes) so the broker never closes it first.
   */
  connMaxIdleMs?: number;
  /** Largest response frame accepted, checked before allocation. Default 100 MiB. */
  maxResponseSize?: number;
  /**
   * Requests written to a connection before their responses arrive (pipelining, as Java's
   * `max.in.flight.requests.per.connection`). Default 1: one at a time; a {@link BrokerPool}'s
   * connections default to 5.
   */
  maxInFlight?: number;
}

/** {@link ConnectionOptions} with every default applied. */
export interface ResolvedConnectionOptions {
  tls: TlsConnectionOptions | null;
  sasl: SaslOptions | null;
  clientId: string | null;
  clientSoftwareName: string;
  clientSoftwareVersion: string;
  dialTimeoutMs: number;
  requestTimeoutMs: number;
  connectionTtlMs: number;
  connMaxIdleMs: number;
  maxResponseSize: number;
  maxInFlight: number;
}

/** The defaults of ConnectionOptions (tls and sasl default to none). */
export const DEFAULT_CONNECTION_OPTIONS: Readonly<Omit<ResolvedConnectionOptions, 'tls' | 'sasl'>> = {
  clientId: 'lk',
  clientSoftwareName: 'lk',
  clientSoftwareVersion: '0.1.0',
  dialTimeoutMs: 5_000,
  requestTimeoutMs: 60_000,
  connectionTtlMs: 0,
  connMaxIdleMs: 9 * 60_000,
  maxResponseSize: DEFAULT_MAX_FRAME_SIZE,
  maxInFlight: 1,
};

const SOFTWARE_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;

/**
 * Applies defaults and validates.
 *
 * @example
 * ```ts
 * resolveConnectionOptions({ requestTimeoutMs: 5000 }).dialTimeoutMs; // 5000
 * ```
 */
export function resolveConnectionOptions(options: ConnectionOptions = {}): ResolvedConnectionOptions {
  const resolved: ResolvedConnectionOptions = {
    ...DEFAULT_CONNECTION_OPTIONS,
    ...withoutUndefined(options),
    tls: options.tls === true ? {} : options.tls ? options.tls : null,
    sasl: options.sasl ?? null,
  };
  if (resolved.sasl !== null && typeof resolved.sasl.authenticate !== 'function') {
    throw new ConfigError(
      'sasl must be a mechanism plugin such as scramSha512({ username, password }) or plain(...), not an object of settings',
    );
  }
  for (const key of ['clientSoftwareName', 'clientSoftwareVersion'] as const) {
    if (!SOFTWARE_NAME.test(resolved[key])) {
      throw new ConfigError(`${key} '${resolved[key]}' does not match the broker's required pattern`);
    }
  }
  for (const key of ['dialTimeoutMs', 'requestTimeoutMs'] as const) positiveMs(key, resolved[key]);
  for (const key of ['connectionTtlMs', 'connMaxIdleMs'] as const) nonNegativeMs(key, resolved[key]);
  for (const key of ['maxResponseSize', 'maxInFlight'] as const) positiveInteger(key, resolved[key]);
  return resolved;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
