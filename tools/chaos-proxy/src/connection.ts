import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Direction, Fault } from './faults.ts';
import { Pipe } from './pipe.ts';

let lastId = 0;

/** One client connection through the proxy, and its connection to the broker. */
export class ProxiedConnection {
  readonly id = ++lastId;
  /** `host:port` of the broker this connection goes to. */
  readonly upstream: string;
  readonly client: Socket;
  readonly server: Socket;
  /** Client to broker. */
  readonly up: Pipe;
  /** Broker to client. */
  readonly down: Pipe;
  readonly openedAt = performance.now();
  /** Requests seen so far by API key (counted when the proxy reads headers: `rewriteAddresses`). */
  readonly requests = new Map<number, number>();
  /** How it ended: by a fault ('fin' or 'rst'), by either side ('peer'), or null while open. */
  closedBy: 'fin' | 'rst' | 'peer' | null = null;
  private readonly onClose: (connection: ProxiedConnection) => void;

  constructor(
    client: Socket,
    server: Socket,
    upstream: string,
    onClose: (connection: ProxiedConnection) => void,
  ) {
    this.client = client;
    this.server = server;
    this.upstream = upstream;
    this.onClose = onClose;
    const close = (how: 'fin' | 'rst') => this.close(how);
    this.up = new Pipe(client, server, close);
    this.down = new Pipe(server, client, close);
    for (const socket of [client, server]) {
      socket.on('error', () => this.close('rst'));
      socket.on('close', () => this.close('peer'));
    }
  }

  get closed(): boolean {
    return this.closedBy !== null;
  }

  /** Applies `fault` to one direction (or both) from now on. */
  set(direction: Direction | 'both', fault: Fault): void {
    if (direction !== 'down') this.up.set(fault);
    if (direction !== 'up') this.down.set(fault);
  }

  /**
   * Closes both sides: 'fin' ends each socket after what was already written to it (a request
   * cut after N bytes reaches the broker with exactly those), 'rst' resets the client's side (it
   * sees ECONNRESET) and destroys the broker's.
   */
  close(how: 'fin' | 'rst' | 'peer' = 'fin'): void {
    if (this.closedBy !== null) return;
    this.closedBy = how;
    // A side that closed lets the other receive all it sent, as TCP would (a client that sends
    // and closes at once still delivers its requests); a fault drops what is still queued.
    if (how === 'peer') {
      this.up.finish();
      this.down.finish();
      this.onClose(this);
      return;
    }
    this.up.stop();
    this.down.stop();
    for (const socket of [this.client, this.server]) {
      if (socket.destroyed) continue;
      if (how === 'fin') socket.end(() => socket.destroy());
      else if (how === 'rst' && socket === this.client) socket.resetAndDestroy();
      else socket.destroy();
    }
    this.onClose(this);
  }
}
