import net from 'node:net';
import { ProxiedConnection } from './connection.ts';
import type { Direction, Fault } from './faults.ts';
import { type RequestInfo, RequestTracker, ResponseSplitter } from './frames.ts';
import { ADDRESS_APIS, rewriteAddresses } from './rewrite.ts';

const HOST = '127.0.0.1';

/** Options of {@link startChaosProxy}. */
export interface ChaosProxyOptions {
  /** The cluster's bootstrap, `host:port[,host:port...]`: each address gets a proxy listener. */
  upstream: string;
  /**
   * Rewrite the broker addresses in Metadata, FindCoordinator and DescribeCluster responses to
   * proxy listeners (opened on first sight of each broker), so the client never leaves the proxy.
   * Default true. Turn off for TLS listeners, whose bytes cannot be read: start the broker with
   * `advertised.listeners` naming the proxy's ports instead.
   */
  rewriteAddresses?: boolean;
  /** Called for every new connection before any byte moves: set its faults here. */
  onConnection?: (connection: ProxiedConnection) => void;
  /**
   * Called for each request as soon as its header has arrived, before any of the chunk that holds
   * it moves on: a fault set here applies to that chunk (and so to the request) and what follows,
   * e.g. to cut right after a SaslAuthenticate or delay its answer. Needs `rewriteAddresses`.
   */
  onRequest?: (connection: ProxiedConnection, request: RequestInfo) => void;
}

/** A listener of the proxy: clients connect to `port`, the proxy to `upstream`. */
export interface ProxyListener {
  upstream: string;
  port: number;
  server: net.Server;
}

/**
 * A loopback TCP proxy in front of a Kafka cluster for fault tests: every connection is a
 * {@link ProxiedConnection} whose two directions take {@link Fault}s (cut after N bytes, delay,
 * stall, reset, bandwidth), set per connection in `onConnection` or later, or for all live
 * connections with {@link ChaosProxy.setAll}.
 *
 * @example
 * ```ts
 * const proxy = await startChaosProxy({ upstream: kafka.bootstrap });
 * const producer = new PartitionProducer({ bootstrap: proxy.bootstrap, topic, partition: 0 });
 * proxy.setAll('down', { kind: 'cut', afterBytes: 10 }); // the next response is cut after 10 bytes
 * await proxy.close();
 * ```
 */
export class ChaosProxy {
  /** Upstream `host:port` to its listener. */
  readonly listeners = new Map<string, ProxyListener>();
  /** Live connections. */
  readonly connections = new Set<ProxiedConnection>();
  /** Connections accepted so far. */
  accepted = 0;
  onConnection: ((connection: ProxiedConnection) => void) | undefined;
  onRequest: ((connection: ProxiedConnection, request: RequestInfo) => void) | undefined;
  private readonly rewrite: boolean;
  private readonly pending = new Map<string, Promise<ProxyListener>>();
  private isClosed = false;
  private readonly bootstrapUpstreams: string[];

  constructor(options: ChaosProxyOptions) {
    this.rewrite = options.rewriteAddresses ?? true;
    this.onConnection = options.onConnection;
    this.onRequest = options.onRequest;
    this.bootstrapUpstreams = options.upstream.split(',').map((a) => a.trim());
  }

  /** The proxy's listeners for the upstream bootstrap addresses: what clients bootstrap from. */
  get bootstrap(): string {
    return this.bootstrapUpstreams.map((u) => `${HOST}:${this.listeners.get(u)!.port}`).join(',');
  }

  /** The listener standing for upstream `host:port`, opened on first use. */
  listenerFor(upstream: string): Promise<ProxyListener> {
    const known = this.listeners.get(upstream);
    if (known) return Promise.resolve(known);
    let opening = this.pending.get(upstream);
    if (!opening) {
      opening = this.listen(upstream);
      this.pending.set(upstream, opening);
    }
    return opening;
  }

  /** Applies `fault` to `direction` of every live connection (optionally only those to `upstream`). */
  setAll(direction: Direction | 'both', fault: Fault, upstream?: string): void {
    for (const c of this.connections)
      if (upstream === undefined || c.upstream === upstream) c.set(direction, fault);
  }

  /** Closes every live connection (FIN, or RST), as a broker restart would. */
  closeAll(how: 'fin' | 'rst' = 'fin'): void {
    for (const c of [...this.connections]) c.close(how);
  }

  /** Closes the listeners and every connection. */
  async close(): Promise<void> {
    this.isClosed = true;
    this.closeAll('rst');
    await Promise.all(
      [...this.listeners.values()].map(
        ({ server }) => new Promise<void>((resolve) => server.close(() => resolve())),
      ),
    );
  }

  /** Opens the bootstrap listeners. */
  async start(): Promise<this> {
    for (const upstream of this.bootstrapUpstreams) await this.listenerFor(upstream);
    return this;
  }

  private async listen(upstream: string): Promise<ProxyListener> {
    const server = net.createServer((client) => this.accept(client, upstream));
    server.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, HOST, () => resolve());
    });
    const listener = { upstream, port: (server.address() as net.AddressInfo).port, server };
    this.listeners.set(upstream, listener);
    this.pending.delete(upstream);
    if (this.isClosed) server.close();
    return listener;
  }

  private accept(client: net.Socket, upstream: string): void {
    if (this.isClosed) {
      client.destroy();
      return;
    }
    const [host, port] = splitAddress(upstream);
    const server = net.connect({ host, port });
    client.setNoDelay(true);
    server.setNoDelay(true);
    const connection = new ProxiedConnection(client, server, upstream, (c) => this.connections.delete(c));
    this.connections.add(connection);
    this.accepted++;
    this.onConnection?.(connection);
    if (!this.rewrite) {
      client.on('data', (chunk) => connection.up.push(chunk));
      server.on('data', (chunk) => connection.down.push(chunk));
      return;
    }
    const tracker = new RequestTracker();
    tracker.onRequest = (request) => {
      connection.requests.set(request.apiKey, (connection.requests.get(request.apiKey) ?? 0) + 1);
      this.onRequest?.(connection, request);
    };
    const responses = new ResponseSplitter({
      tracker,
      wants: (request: RequestInfo) => ADDRESS_APIS.has(request.apiKey),
      rewrite: (frame, request) =>
        rewriteAddresses(frame, request, async (h, p) => ({
          host: HOST,
          port: (await this.listenerFor(`${h}:${p}`)).port,
        })),
      emit: (chunk) => connection.down.push(chunk),
      fail: () => connection.close('rst'),
    });
    client.on('data', (chunk) => {
      tracker.observe(chunk);
      connection.up.push(chunk);
    });
    server.on('data', (chunk) => responses.push(chunk));
  }
}

function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}

/** Starts a proxy and opens its bootstrap listeners. */
export function startChaosProxy(options: ChaosProxyOptions): Promise<ChaosProxy> {
  return new ChaosProxy(options).start();
}
