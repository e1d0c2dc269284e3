import { performance } from 'node:perf_hooks';
import { type BrokerAddress, formatAddress } from './address.ts';
import { type Bootstrap, type BootstrapOptions, BootstrapResolver } from './bootstrap.ts';
import type { Connection } from './connection.ts';
import { delay, exponentialBackoff, untilAborted } from './delay.ts';
import { channels, publish } from './diagnostics.ts';
import { ClientClosedError, ConfigError, MetadataError } from './errors.ts';
import { openConnection } from './open-connection.ts';
import {
  type ConnectionOptions,
  type ResolvedConnectionOptions,
  resolveConnectionOptions,
} from './options.ts';

/**
 * What a pooled connection is for: each node gets one connection per purpose, so that long
 * fetches (which the broker holds for up to `maxWaitMs`) never queue produce or admin requests.
 */
export type ConnectionPurpose = 'requests' | 'fetches' | (string & {});

/** Options of a {@link BrokerPool}. */
export interface BrokerPoolOptions extends ConnectionOptions, BootstrapOptions {
  bootstrap: Bootstrap;
  /** Requests in flight per pooled connection. Default 5 (Java's `max.in.flight.requests.per.connection`). */
  maxInFlight?: number;
  /** Wait before dialing a node again after a failure, doubled per failure. Default 50 (Java's `reconnect.backoff.ms`). */
  reconnectBackoffMs?: number;
  /** The longest such wait. Default 1000 (Java's `reconnect.backoff.max.ms`). */
  reconnectBackoffMaxMs?: number;
}

/** A pooled connection with the node and purpose it serves. */
export interface PooledConnection {
  nodeId: number;
  purpose: ConnectionPurpose;
  connection: Connection;
}

interface Entry {
  readonly nodeId: number;
  readonly purpose: ConnectionPurpose;
  connection: Connection | null;
  dialing: Promise<Connection> | null;
  /** Consecutive failures (failed dials, connections that died): the backoff's exponent. */
  failures: number;
  /** No dial before this `performance.now()` time. */
  retryAt: number;
  /** Whether a connection was ever opened for this entry (`replaced` instead of `dialed`). */
  everOpened: boolean;
}

/** Bootstrap brokers get negative node ids (-1, -2, ...) until Metadata names the real ones, as in Java. */
const FIRST_BOOTSTRAP_ID = -1;

/**
 * Connections to the brokers of one cluster, shared by everything that uses the pool: one per node
 * id and {@link ConnectionPurpose}, dialed lazily (concurrent callers share one dial), pipelining up
 * to `maxInFlight` requests. A connection that failed is replaced on the next use, after an
 * exponential backoff with jitter (50 ms doubling to 1 s, as Java); one that idled past
 * `connMaxIdleMs` is closed; one past `connectionTtlMs` or its SASL session is replaced once its
 * calls ended. SASL renewal happens inside each connection. Node addresses come from Metadata
 * ({@link setBrokers}, which a {@link MetadataCache} calls); before that, {@link anyConnection}
 * uses the bootstrap brokers.
 *
 * @example
 * ```ts
 * const pool = new BrokerPool({ bootstrap: '127.0.0.1:9092' });
 * const { connection } = await pool.anyConnection();
 * const metadata = await connection.call(Metadata, { ...Metadata.newRequest(), topics: null });
 * pool.setBrokers(metadata.brokers);
 * const leader = await pool.connection(metadata.brokers[0].nodeId, 'fetches');
 * pool.close();
 * ```
 */
export class BrokerPool {
  /** Connection options of every pooled connection (`maxInFlight` defaults to 5 here). */
  readonly options: ResolvedConnectionOptions;
  readonly resolver: BootstrapResolver;
  readonly reconnectBackoffMs: number;
  readonly reconnectBackoffMaxMs: number;
  private readonly nodes = new Map<number, BrokerAddress>();
  private readonly bootstrapIds: number[] = [];
  private readonly entries = new Map<string, Entry>();
  /** Stale connections detached from their entry, closed once their calls ended. */
  private readonly retiring = new Set<PooledConnection>();
  private readonly closing = new AbortController();
  private sweepTimer: ReturnType<typeof setInterval> | null = null;
  private nextAny = 0;

  constructor(options: BrokerPoolOptions) {
    const { bootstrap, srvResolver, reconnectBackoffMs, reconnectBackoffMaxMs, ...connectionOptions } =
      options;
    this.resolver = new BootstrapResolver(bootstrap, { srvResolver });
    this.options = resolveConnectionOptions({ ...connectionOptions, maxInFlight: options.maxInFlight ?? 5 });
    this.reconnectBackoffMs = reconnectBackoffMs ?? 50;
    this.reconnectBackoffMaxMs = reconnectBackoffMaxMs ?? 1000;
    for (const key of ['reconnectBackoffMs', 'reconnectBackoffMaxMs'] as const) {
      if (!(this[key] >= 0)) throw new ConfigError(`${key} must be 0 or more, got ${this[key]}`);
    }
  }

  /** True after {@link close}. */
  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  /** The known brokers (from Metadata), by node id. */
  get brokers(): ReadonlyMap<number, BrokerAddress> {
    return new Map([...this.nodes].filter(([id]) => id >= 0));
  }

  /** Where node `nodeId` listens, if known. */
  addressOf(nodeId: number): BrokerAddress | undefined {
    return this.nodes.get(nodeId);
  }

  /**
   * Sets where the cluster's brokers listen (Metadata's `brokers`). With `replace` (the default),
   * brokers not listed are forgotten; connections to a forgotten or moved broker are closed.
   */
  setBrokers(
    brokers: Iterable<{ nodeId: number; host: string; port: number }>,
    { replace = true }: { replace?: boolean } = {},
  ): void {
    const listed = new Map<number, BrokerAddress>();
    for (const b of brokers) listed.set(b.nodeId, { host: b.host, port: b.port });
    for (const [nodeId, address] of this.nodes) {
      if (nodeId < 0) continue;
      const now = listed.get(nodeId);
      if (now === undefined ? replace : now.host !== address.host || now.port !== address.port) {
        this.nodes.delete(nodeId);
        this.closeNode(nodeId, 'broker gone');
      }
    }
    for (const [nodeId, address] of listed) this.nodes.set(nodeId, address);
    // The real brokers are known: bootstrap connections close once their calls ended.
    if (replace && listed.size > 0) {
      for (const entry of this.entries.values()) {
        if (entry.nodeId < 0 && entry.connection !== null) this.detach(entry, entry.connection);
      }
    }
  }

  /**
   * The connection to node `nodeId` for `purpose`: the open one, or a new one (dialed once for all
   * concurrent callers, after the backoff if the last attempts failed). `signal` stops this caller's
   * wait, not the shared dial.
   */
  connection(
    nodeId: number,
    purpose: ConnectionPurpose = 'requests',
    signal?: AbortSignal,
  ): Promise<Connection> {
    if (this.closed) return Promise.reject(new ClientClosedError('the broker pool'));
    const entry = this.entry(nodeId, purpose);
    const current = entry.connection;
    if (current !== null) {
      if (current.isFresh()) return Promise.resolve(current);
      this.detach(entry, current);
    }
    entry.dialing ??= this.dial(entry);
    return untilAborted(entry.dialing, signal);
  }

  /**
   * A connection to any broker, for requests every broker answers (Metadata, FindCoordinator, ...):
   * an open one with the fewest calls pending, else the next broker in turn that can be dialed (the
   * bootstrap brokers when none is known yet, or when no known one answers).
   */
  async anyConnection(
    purpose: ConnectionPurpose = 'requests',
    signal?: AbortSignal,
  ): Promise<PooledConnection> {
    if (this.closed) throw new ClientClosedError('the broker pool');
    let best: PooledConnection | null = null;
    for (const entry of this.entries.values()) {
      const c = entry.connection;
      if (entry.purpose !== purpose || c === null || !c.isFresh()) continue;
      if (entry.nodeId < 0 && this.brokers.size > 0) continue;
      if (best === null || c.pendingCount < best.connection.pendingCount) {
        best = { nodeId: entry.nodeId, purpose, connection: c };
      }
    }
    if (best !== null) return best;
    const known = [...this.brokers.keys()];
    const candidates = [...this.rotate(known), ...(await this.bootstrapNodes())];
    // Nodes in backoff last: another broker may answer at once.
    const now = performance.now();
    candidates.sort(
      (a, b) => Number(this.inBackoff(a, purpose, now)) - Number(this.inBackoff(b, purpose, now)),
    );
    let lastError: unknown = new MetadataError('LK_METADATA_NO_BROKER', 'no broker to connect to');
    for (const nodeId of candidates) {
      try {
        return { nodeId, purpose, connection: await this.connection(nodeId, purpose, signal) };
      } catch (error) {
        if (this.closed || signal?.aborted) throw error;
        lastError = error;
      }
    }
    this.resolver.forget();
    throw lastError;
  }

  /** Every open pooled connection, with its node and purpose. */
  connections(): PooledConnection[] {
    const open: PooledConnection[] = [];
    for (const entry of this.entries.values()) {
      if (entry.connection !== null && !entry.connection.closed) {
        open.push({ nodeId: entry.nodeId, purpose: entry.purpose, connection: entry.connection });
      }
    }
    return open;
  }

  /** Closes the connections to `nodeId` (every purpose); the next use dials again. */
  closeNode(nodeId: number, reason = 'closed by owner'): void {
    for (const entry of this.entries.values()) {
      if (entry.nodeId !== nodeId || entry.connection === null) continue;
      const connection = entry.connection;
      entry.connection = null;
      this.closeConnection({ nodeId, purpose: entry.purpose, connection }, reason);
    }
  }

  /** Closes every connection and stops every timer; calls in flight fail, later calls throw `LK_CLIENT_CLOSED`. */
  close(): void {
    if (this.closed) return;
    this.closing.abort(new ClientClosedError('the broker pool'));
    this.stopSweeping();
    for (const entry of this.entries.values()) {
      const connection = entry.connection;
      entry.connection = null;
      if (connection !== null) {
        this.closeConnection({ nodeId: entry.nodeId, purpose: entry.purpose, connection }, 'pool closed');
      }
    }
    for (const pooled of this.retiring) this.closeConnection(pooled, 'pool closed');
    this.retiring.clear();
  }

  private entry(nodeId: number, purpose: ConnectionPurpose): Entry {
    const key = `${nodeId}/${purpose}`;
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = {
        nodeId,
        purpose,
        connection: null,
        dialing: null,
        failures: 0,
        retryAt: 0,
        everOpened: false,
      };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private inBackoff(nodeId: number, purpose: ConnectionPurpose, now: number): boolean {
    return (this.entries.get(`${nodeId}/${purpose}`)?.retryAt ?? 0) > now;
  }

  private rotate(ids: number[]): number[] {
    if (ids.length === 0) return ids;
    const start = this.nextAny++ % ids.length;
    return [...ids.slice(start), ...ids.slice(0, start)];
  }

  private async bootstrapNodes(): Promise<number[]> {
    const addresses = await this.resolver.addresses();
    // Drop the ids of an SRV answer that shrank.
    for (const nodeId of this.bootstrapIds.splice(0)) this.nodes.delete(nodeId);
    addresses.forEach((address, i) => {
      const nodeId = FIRST_BOOTSTRAP_ID - i;
      this.nodes.set(nodeId, address);
      this.bootstrapIds.push(nodeId);
    });
    return [...this.bootstrapIds];
  }

  private async dial(entry: Entry): Promise<Connection> {
    try {
      const wait = entry.retryAt - performance.now();
      if (wait > 0) await delay(wait, this.closing.signal).catch(() => {});
      if (this.closed) throw new ClientClosedError('the broker pool');
      const address = this.nodes.get(entry.nodeId);
      if (address === undefined) {
        throw new MetadataError(
          'LK_METADATA_NO_BROKER',
          `node ${entry.nodeId} is not among the known brokers`,
        );
      }
      let connection: Connection;
      try {
        connection = await openConnection(address, this.options, this.closing.signal);
      } catch (error) {
        if (this.closed) throw new ClientClosedError('the broker pool');
        const backoffMs = this.noteFailure(entry);
        publish(channels.dialError, () => ({
          nodeId: entry.nodeId,
          purpose: entry.purpose,
          broker: formatAddress(address),
          attempt: entry.failures,
          error: error as Error,
          backoffMs,
        }));
        throw error;
      }
      if (this.closed) {
        connection.close();
        throw new ClientClosedError('the broker pool');
      }
      entry.failures = 0;
      entry.retryAt = 0;
      entry.connection = connection;
      publish(channels.poolConnection, () => ({
        event: entry.everOpened ? 'replaced' : 'dialed',
        nodeId: entry.nodeId,
        purpose: entry.purpose,
        connectionId: connection.id,
        broker: connection.broker,
        reason: null,
        error: null,
      }));
      entry.everOpened = true;
      // Connection's own close listener was registered first: its lk:connection:close comes before ours.
      connection.socket.once('close', () => this.onClosed(entry, connection));
      this.startSweeping();
      return connection;
    } finally {
      entry.dialing = null;
    }
  }

  /** A pooled connection closed, by anyone: forget it; a failure counts towards the backoff. */
  private onClosed(entry: Entry, connection: Connection): void {
    if (entry.connection !== connection) return;
    entry.connection = null;
    if (connection.error !== null) this.noteFailure(entry);
    this.publishClosed(entry, connection, connection.error === null ? 'closed by owner' : 'failed');
  }

  private noteFailure(entry: Entry): number {
    entry.failures++;
    const backoffMs = exponentialBackoff(entry.failures, this.reconnectBackoffMs, this.reconnectBackoffMaxMs);
    entry.retryAt = performance.now() + backoffMs;
    return backoffMs;
  }

  /** Takes a stale connection out of service; it closes once the calls already on it ended. */
  private detach(entry: Entry, connection: Connection): void {
    entry.connection = null;
    const pooled = { nodeId: entry.nodeId, purpose: entry.purpose, connection };
    if (connection.closed) {
      if (connection.error !== null) this.noteFailure(entry);
      this.publishClosed(entry, connection, connection.error === null ? 'closed by owner' : 'failed');
    } else if (connection.pendingCount === 0) this.closeConnection(pooled, 'stale');
    else this.retiring.add(pooled);
  }

  private closeConnection(pooled: PooledConnection, reason: string): void {
    const wasOpen = !pooled.connection.closed;
    pooled.connection.close();
    if (wasOpen) this.publishClosed(pooled, pooled.connection, reason);
  }

  private publishClosed(
    where: { nodeId: number; purpose: ConnectionPurpose },
    connection: Connection,
    reason: string,
  ): void {
    publish(channels.poolConnection, () => ({
      event: 'closed',
      nodeId: where.nodeId,
      purpose: where.purpose,
      connectionId: connection.id,
      broker: connection.broker,
      reason,
      error: connection.error,
    }));
  }

  /** Closes idle and retired connections; runs while the pool holds connections. */
  private sweep(): void {
    const now = performance.now();
    for (const entry of this.entries.values()) {
      const c = entry.connection;
      if (c !== null && !c.closed && c.pendingCount === 0 && !c.isFresh(now)) {
        entry.connection = null;
        const idle = now - c.lastUsedAt >= this.options.connMaxIdleMs && this.options.connMaxIdleMs > 0;
        this.closeConnection(
          { nodeId: entry.nodeId, purpose: entry.purpose, connection: c },
          idle ? 'idle' : 'stale',
        );
      }
    }
    for (const pooled of this.retiring) {
      if (pooled.connection.pendingCount > 0) continue;
      this.retiring.delete(pooled);
      this.closeConnection(pooled, 'stale');
    }
    if (this.retiring.size === 0 && this.connections().length === 0) this.stopSweeping();
  }

  private startSweeping(): void {
    if (this.sweepTimer !== null) return;
    const idle = this.options.connMaxIdleMs;
    const everyMs = Math.max(10, Math.min(1000, idle > 0 ? idle / 4 : 1000));
    this.sweepTimer = setInterval(() => this.sweep(), everyMs);
    // The pool alone never keeps the process alive.
    this.sweepTimer.unref();
  }

  private stopSweeping(): void {
    if (this.sweepTimer !== null) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
  }
}
