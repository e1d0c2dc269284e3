import type { ProxiedConnection } from './connection.ts';
import { type Direction, type Fault, PASS, randomFault } from './faults.ts';
import type { ChaosProxy } from './proxy.ts';
import type { Random } from './random.ts';

/** One fault the schedule applied. */
export interface AppliedFault {
  at: number;
  connection: number;
  upstream: string;
  direction: Direction;
  fault: Fault;
}

/**
 * Random faults on random live connections of a proxy, one every `minMs`-`maxMs`: cuts and
 * resets end the connection; a delay or bandwidth limit is lifted after 1-5 s; a stall ends with a
 * reset after 1-5 s (bytes it swallowed are gone, so the stream could not go on). The schedule is
 * reproducible from the seed of `random`.
 */
export class ChaosSchedule {
  readonly applied: AppliedFault[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly heals = new Set<ReturnType<typeof setTimeout>>();
  private readonly proxy: ChaosProxy;
  private readonly random: Random;
  private readonly minMs: number;
  private readonly maxMs: number;

  constructor(proxy: ChaosProxy, random: Random, options: { minMs?: number; maxMs?: number } = {}) {
    this.proxy = proxy;
    this.random = random;
    this.minMs = options.minMs ?? 1000;
    this.maxMs = options.maxMs ?? 4000;
  }

  start(): this {
    this.schedule();
    return this;
  }

  /** Stops injecting, lifts delays and limits, and resets stalled connections. */
  stop(): void {
    clearTimeout(this.timer);
    for (const heal of this.heals) clearTimeout(heal);
    this.heals.clear();
    for (const connection of [...this.proxy.connections]) {
      if (connection.up.fault.kind === 'stall' || connection.down.fault.kind === 'stall')
        connection.close('rst');
      else connection.set('both', PASS);
    }
  }

  /** Counts of applied faults by kind. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { fault } of this.applied) counts[fault.kind] = (counts[fault.kind] ?? 0) + 1;
    return counts;
  }

  private schedule(): void {
    this.timer = setTimeout(
      () => {
        this.inject();
        this.schedule();
      },
      this.random.int(this.minMs, this.maxMs),
    );
  }

  private inject(): void {
    const live = [...this.proxy.connections].filter((c) => !c.closed);
    if (live.length === 0) return;
    const connection = this.random.pick(live);
    const direction: Direction = this.random.next() < 0.5 ? 'up' : 'down';
    const fault = randomFault(this.random);
    this.applied.push({
      at: Date.now(),
      connection: connection.id,
      upstream: connection.upstream,
      direction,
      fault,
    });
    connection.set(direction, fault);
    if (fault.kind === 'delay' || fault.kind === 'bandwidth' || fault.kind === 'stall') {
      this.heal(connection, direction, fault, this.random.int(1000, 5000));
    }
  }

  private heal(connection: ProxiedConnection, direction: Direction, fault: Fault, afterMs: number): void {
    const timer = setTimeout(() => {
      this.heals.delete(timer);
      if (fault.kind === 'stall') connection.close('rst');
      else if (connection[direction].fault === fault) connection.set(direction, PASS);
    }, afterMs);
    this.heals.add(timer);
  }
}
