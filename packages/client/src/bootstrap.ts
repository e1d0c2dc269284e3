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
        throw new TransportError('LK_TRANSPORT_DIAL', `cannot resolve SRV record`, this.srvName, {
          cause: error,
        });
      }
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
