import type { SrvRecord } from 'node:dns';
import dns from 'node:dns/promises';
import { type BrokerAddress, parseAddress } from './address.ts';
import { ConfigError, TransportError } from './errors.ts';

/**
 * Where to find the cluster: `host:port` entries (a comma-separated string or an array), or a DNS
 * SRV record name (a single entry without a port, e.g. `_kafka._tcp.example.com`).
 */
export type Bootstrap = string | readonly string[];

/**
 * Looks up SRV records. `node:dns/promises` (the system's servers) by default; a
 * `new dns.promises.Resolver()` with `setServers([...])` asks other servers.
 */
export interface SrvResolver {
  /** The SRV records of `name`, as node:dns/promises resolveSrv returns them. */
  resolveSrv(name: string): Promise<SrvRecord[]>;
}

/** How a bootstrap is turned into addresses. Every client takes these beside its connection options. */
export interface BootstrapOptions {
  /** Resolves an SRV bootstrap name. Default: `node:dns/promises`. */
  srvResolver?: SrvResolver | null;
}

/**
 * Turns a {@link Bootstrap} into broker addresses. An SRV name is resolved on first use and cached
 * (ordered by priority, then weight) until {@link forget} is called after an error, as in libkafka.
 *
 * @example
 * ```ts
 * const brokers = new BootstrapResolver('_kafka._tcp.example.com');
 * await brokers.addresses(); // [{ host: 'b1.example.com', port: 9092 }, ...]
 * ```
 */
export class BootstrapResolver {
  readonly srvName: string | null;
  private readonly fixed: BrokerAddress[];
  private readonly srvResolver: SrvResolver;
  private cached: BrokerAddress[] | null = null;

  constructor(bootstrap: Bootstrap, options: BootstrapOptions = {}) {
    this.srvResolver = options.srvResolver ?? dns;
    const entries = (typeof bootstrap === 'string' ? bootstrap.split(',') : [...bootstrap])
      .map((e) => e.trim())
      .filter((e) => e !== '');
    if (entries.length === 0) throw new ConfigError('the bootstrap names no broker');
    const only = entries[0]!;
    this.srvName = entries.length === 1 && !only.includes(':') ? only : null;
    this.fixed = this.srvName === null ? entries.map(parseAddress) : [];
  }

  /** The addresses to try, in order. */
  async addresses(): Promise<BrokerAddress[]> {
    if (this.srvName === null) return this.fixed;
    if (this.cached === null) {
      let records: SrvRecord[];
      try {
        records = await this.srvResolver.resolveSrv(this.srvName);
      } catch (error) {
        throw srvFailure(this.srvName, (error as Error).message, error);
      }
      if (records.length === 0) throw srvFailure(this.srvName, 'no records', null);
      records.sort((a, b) => a.priority - b.priority || b.weight - a.weight);
      this.cached = records.map((r) => ({ host: r.name, port: r.port }));
    }
    return this.cached;
  }

  /** Drops the cached SRV answer so that the next use resolves again. */
  forget(): void {
    this.cached = null;
  }
}

/**
 * The error of an SRV lookup that found nothing. The bootstrap was taken as an SRV name only
 * because it has no port: say so, and show both forms, in case a port was simply forgotten.
 */
function srvFailure(name: string, reason: string, cause: unknown): TransportError {
  return new TransportError(
    'LK_TRANSPORT_DIAL',
    `the bootstrap '${name}' has no port, so it was looked up as a DNS SRV record, which failed (${reason}): ` +
      `give brokers as host:port ('${name}:9092') or name an SRV record ('_kafka._tcp.example.com')`,
    name,
    { cause },
  );
}
