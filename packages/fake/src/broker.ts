// One fake broker: a node id and its loopback listeners, which a test can stop and start again.
import net from 'node:net';
import type { FakeCluster } from './cluster.ts';
import { ClientConnection } from './connection.ts';
import { FetchSessions } from './fetch-sessions.ts';

/** A broker's listeners: plaintext always, SASL_PLAINTEXT when the cluster has SASL users. */
export type ListenerKind = 'plain' | 'sasl';

interface Listener {
  readonly kind: ListenerKind;
  server: net.Server | null;
  port: number;
}

/** One broker of a FakeCluster: its listeners, its client connections and its fetch sessions. */
export class FakeBroker {
  readonly nodeId: number;
  readonly host: string;
  readonly rack: string | null;
  readonly #cluster: FakeCluster;
  readonly #listeners: Listener[];
  readonly connections = new Set<ClientConnection>();
  /** KIP-227 sessions; a restarted broker has lost them, as a real one has. */
  readonly fetchSessions = new FetchSessions();
  #running = false;

  constructor(
    cluster: FakeCluster,
    nodeId: number,
    host: string,
    kinds: ListenerKind[],
    rack: string | null,
  ) {
    this.#cluster = cluster;
    this.nodeId = nodeId;
    this.host = host;
    this.rack = rack;
    this.#listeners = kinds.map((kind) => ({ kind, server: null, port: 0 }));
  }

  get cluster(): FakeCluster {
    return this.#cluster;
  }

  get running(): boolean {
    return this.#running;
  }

  /** The port of a listener (0 if the broker has none of that kind). */
  port(kind: ListenerKind = 'plain'): number {
    return this.#listeners.find((l) => l.kind === kind)?.port ?? 0;
  }

  /** `host:port` of a listener. */
  address(kind: ListenerKind = 'plain'): string {
    return `${this.host}:${this.port(kind)}`;
  }

  /** Opens the listeners, on the ports they had before when restarted (clients reconnect there). */
  async start(): Promise<void> {
    if (this.#running) return;
    for (const listener of this.#listeners) {
      const server = net.createServer((socket) => this.#accept(listener.kind, socket));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(listener.port, this.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      listener.server = server;
      listener.port = (server.address() as net.AddressInfo).port;
    }
    this.#running = true;
  }

  /** Closes the listeners and every connection. */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.fetchSessions.clear();
    for (const connection of [...this.connections]) connection.close();
    await Promise.all(
      this.#listeners.map(
        (listener) =>
          new Promise<void>((resolve) => {
            if (listener.server === null) resolve();
            else listener.server.close(() => resolve());
            listener.server = null;
          }),
      ),
    );
  }

  /** Closes every client connection, keeping the listeners open. */
  dropConnections(): void {
    for (const connection of [...this.connections]) connection.close();
  }

  /** Forgets a closed connection; called by the connection itself. */
  connectionClosed(connection: ClientConnection): void {
    this.connections.delete(connection);
  }

  #accept(kind: ListenerKind, socket: net.Socket): void {
    if (!this.#running) {
      socket.destroy();
      return;
    }
    this.connections.add(new ClientConnection(this, kind, socket, this.#cluster.options.maxRequestSize));
  }
}
