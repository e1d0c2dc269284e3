// A live status line on stderr, redrawn in place (\r and erase-line) while stderr is a terminal.
import type { Io } from './command.ts';

const INTERVAL_MS = 200;

export class Progress {
  private timer: NodeJS.Timeout | null = null;
  private drawn = false;

  private readonly io: Io;
  private readonly render: () => string;

  constructor(io: Io, render: () => string) {
    this.io = io;
    this.render = render;
  }

  /** Starts redrawing (only when stderr is a TTY). */
  start(): this {
    if (this.io.stderr.isTTY !== true) return this;
    this.timer = setInterval(() => this.draw(), INTERVAL_MS);
    this.timer.unref();
    return this;
  }

  private draw(): void {
    this.io.stderr.write(`\r\x1b[2K${this.render()}`);
    this.drawn = true;
  }

  /** Stops and erases the line, so that the summary follows on a clean line. */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    if (this.drawn) this.io.stderr.write('\r\x1b[2K');
    this.drawn = false;
  }
}

/** 1234567 → "1,234,567" (by hand: the first toLocaleString loads ICU, ~16 ms of CPU). */
export function count(n: number | bigint): string {
  const digits = (typeof n === 'bigint' ? n : BigInt(Math.round(n))).toString();
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Bytes in B, KiB, MiB or GiB with one decimal. */
export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${n.toFixed(1)} ${units[u]}`;
}

/** A rate line: "12,345 records/s, 4.5 MiB/s". */
export function rates(records: number, byteCount: number, seconds: number): string {
  const s = Math.max(seconds, 1e-9);
  return `${count(Math.round(records / s))} records/s, ${bytes(Math.round(byteCount / s))}/s`;
}
