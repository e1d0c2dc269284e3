import { type BrokerAddress, formatAddress } from './address.ts';
import type { Connection } from './connection.ts';
import { ClientClosedError } from './errors.ts';
import { openConnection } from './open-connection.ts';
import type { ResolvedConnectionOptions } from './options.ts';
import { SerialQueue } from './serial-queue.ts';

/** A broker that one client talks to, found by a lookup: a partition leader, a group coordinator. */
export interface ConnectionTarget {
  readonly address: BrokerAddress;
}

/**
 * One connection to one looked-up broker, used by one call at a time: what a partition client
 * holds to its leader and a group client to its coordinator. The broker is looked up and the
 * connection opened on first use; a closed or stale connection is replaced at the next call, and
 * after a failed dial the broker is looked up again (it may be gone for good).
 */
export class ExclusiveConnection<T extends ConnectionTarget> {
  /** The broker, once looked up; null until then and after {@link disconnect} forgot it. */
  target: T | null = null;
  /** The connection, once open. */
  connection: Connection | null = null;
  private readonly what: string;
  private readonly options: ResolvedConnectionOptions;
  private readonly lookUp: (signal?: AbortSignal) => Promise<T>;
  private readonly queue = new SerialQueue();
  private lastBroker: string | null = null;
  private isClosed = false;

  /**
   * @param what names the owner in `LK_CLIENT_CLOSED` errors, e.g. `'the partition client'`.
   * @param lookUp finds the broker.
   */
  constructor(
    what: string,
    options: ResolvedConnectionOptions,
    lookUp: (signal?: AbortSignal) => Promise<T>,
  ) {
    this.what = what;
    this.options = options;
    this.lookUp = lookUp;
  }

  /** True after {@link close}. */
  get closed(): boolean {
    return this.isClosed;
  }

  /** `host:port` of the connection, or of the broker last dialled; null before the first dial. */
  get broker(): string | null {
    return this.connection?.broker ?? this.lastBroker;
  }

  /**
   * Runs `task` with the connection, alone (after the tasks queued before it). Failures to look up
   * or connect are thrown before `task` runs; a task that leaves the connection closed drops it.
   */
  run<R>(task: (connection: Connection, target: T) => Promise<R>, signal?: AbortSignal): Promise<R> {
    return this.queue.run(async () => {
      if (this.isClosed) throw new ClientClosedError(this.what);
      const connection = await this.connect(signal);
      try {
        return await task(connection, this.target!);
      } finally {
        if (connection.closed && this.connection === connection) this.connection = null;
      }
    }, signal);
  }

  /** Closes the connection (and, with `forgetTarget`, forgets the broker): the next task starts afresh. */
  disconnect(forgetTarget = false): void {
    this.connection?.close();
    this.connection = null;
    if (forgetTarget) this.target = null;
  }

  /** Closes the connection; later tasks fail with `LK_CLIENT_CLOSED`. */
  close(): void {
    this.isClosed = true;
    this.disconnect(true);
  }

  private async connect(signal?: AbortSignal): Promise<Connection> {
    if (this.connection !== null) {
      if (this.connection.isFresh()) return this.connection;
      this.disconnect();
    }
    this.target ??= await this.lookUp(signal);
    this.lastBroker = formatAddress(this.target.address);
    try {
      this.connection = await openConnection(this.target.address, this.options, signal);
    } catch (error) {
      this.target = null;
      throw error;
    }
    return this.connection;
  }
}
