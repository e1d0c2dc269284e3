// Diagnostics on stderr; colour only on a terminal and never with NO_COLOR set (no-color.org).
import type { Io, Log } from './command.ts';

const paint = (code: number, on: boolean) => (s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

/** Whether colour is allowed: a terminal, and NO_COLOR unset or empty. */
export function colorAllowed(io: Io): boolean {
  return io.stderr.isTTY === true && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
}

export function createLog(io: Io, prefix: string): Log {
  const color = colorAllowed(io);
  const red = paint(31, color);
  const yellow = paint(33, color);
  return {
    tty: io.stderr.isTTY === true,
    color,
    info: (m) => void io.stderr.write(`${m}\n`),
    warn: (m) => void io.stderr.write(`${prefix}: ${yellow('warning:')} ${m}\n`),
    error: (m) => void io.stderr.write(`${prefix}: ${red('error:')} ${m}\n`),
  };
}
