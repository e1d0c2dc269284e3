// What a command is: its flags, help text and examples, and a run function given a Context.
import type { Readable, Writable } from 'node:stream';
import type { ClusterOptions } from '@lk/client';
import type { FlagSpecs, ParsedArgs } from './args.ts';

/** The process's streams and environment (tests pass their own). */
export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
}

/** What a running command gets. */
export interface Context {
  io: Io;
  args: ParsedArgs;
  /** The cluster options from the connection flags, env and properties (throws UsageError when missing). */
  connection(): ClusterOptions;
  /** Fires on SIGINT/SIGTERM: commands stop, flush, and exit 0. */
  signal: AbortSignal;
  /** Writes a diagnostic line to stderr (red "error:" etc. unless NO_COLOR or not a terminal). */
  log: Log;
}

/** Diagnostics to stderr: never stdout, which carries data only. */
export interface Log {
  /** A plain diagnostic line. */
  info(message: string): void;
  /** A line prefixed "warning:". */
  warn(message: string): void;
  /** A line prefixed "error:". */
  error(message: string): void;
  /** stderr is a terminal (progress lines are drawn). */
  readonly tty: boolean;
  readonly color: boolean;
}

/** One `lk` command: its words, flags, help text and examples, and what it runs. */
export interface Command {
  /** The words after `lk`, e.g. `topics create`. */
  name: string;
  /** Other words it answers to, e.g. `acls list` for `acls describe` (shown in its --help). */
  aliases?: string[];
  summary: string;
  /** Positional arguments, e.g. `TOPIC [FILE...]`. */
  args: string;
  flags: FlagSpecs;
  /** Takes the connection flags. */
  connects: boolean;
  /** More lines of help after the flags. */
  details?: string[];
  examples: string[];
  /** Resolves with the exit code (default 0). */
  run(ctx: Context): Promise<number | undefined>;
}
