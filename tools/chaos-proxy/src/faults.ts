import type { Random } from './random.ts';

/** `up`: client to broker (requests); `down`: broker to client (responses). */
export type Direction = 'up' | 'down';

/**
 * What a direction of a proxied connection does with the bytes that arrive from now on. Faults
 * take effect in stream order: bytes already accepted keep the fault they arrived under.
 */
export type Fault =
  /** Forward unchanged. */
  | { kind: 'pass' }
  /** Forward each chunk `ms` later (latency; throughput unchanged). */
  | { kind: 'delay'; ms: number }
  /** Forward at most `bytesPerSecond`. */
  | { kind: 'bandwidth'; bytesPerSecond: number }
  /** Swallow everything: the connection stays open and nothing more arrives (a hung broker). */
  | { kind: 'stall' }
  /**
   * Forward `afterBytes` more bytes, then close the connection both ways: with a FIN, or with
   * `reset` an RST (`socket.resetAndDestroy`). A count inside a frame cuts it mid-frame.
   */
  | { kind: 'cut'; afterBytes: number; reset?: boolean }
  /** Reset the connection now (RST to the client, the broker side destroyed). */
  | { kind: 'reset' };

export const PASS: Fault = { kind: 'pass' };

/** A cut after a random number of bytes, from 0 to `maxBytes`, FIN or RST at random. */
export function randomCut(random: Random, maxBytes: number): Fault {
  return { kind: 'cut', afterBytes: random.int(0, maxBytes), reset: random.next() < 0.5 };
}

/** One of every kind but pass, with random parameters in test-sized ranges. */
export function randomFault(random: Random): Fault {
  switch (random.int(0, 4)) {
    case 0:
      return randomCut(random, 64 * 1024);
    case 1:
      return { kind: 'delay', ms: random.int(10, 300) };
    case 2:
      return { kind: 'bandwidth', bytesPerSecond: random.int(16, 256) * 1024 };
    case 3:
      return { kind: 'stall' };
    default:
      return { kind: 'reset' };
  }
}

/** `down:cut:1000`, `up:delay:50`, `down:stall`, `down:reset`, `up:bandwidth:65536`, `down:cut-rst:10`. */
export function parseFault(text: string): { direction: Direction; fault: Fault } {
  const [direction, kind, value] = text.split(':');
  if (direction !== 'up' && direction !== 'down') throw new Error(`fault '${text}': direction up or down`);
  const n = Number(value);
  const needN = () => {
    if (!Number.isFinite(n) || n < 0) throw new Error(`fault '${text}': needs a number`);
    return n;
  };
  const fault: Fault | null =
    kind === 'pass'
      ? PASS
      : kind === 'stall'
        ? { kind: 'stall' }
        : kind === 'reset'
          ? { kind: 'reset' }
          : kind === 'delay'
            ? { kind: 'delay', ms: needN() }
            : kind === 'bandwidth'
              ? { kind: 'bandwidth', bytesPerSecond: needN() }
              : kind === 'cut' || kind === 'cut-rst'
                ? { kind: 'cut', afterBytes: needN(), reset: kind === 'cut-rst' }
                : null;
  if (fault === null) throw new Error(`fault '${text}': unknown kind ${kind}`);
  return { direction, fault };
}
