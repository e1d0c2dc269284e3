// The entry point behind the `lk` bin: finds the command, parses its flags, runs it, maps errors
// to exit codes (1 failure, 2 usage) and keeps stdout for data only.
import { ConfigError } from '@lk/client';
import { type FlagSpecs, parseFlags } from './args.ts';
import type { Command, Context, Io } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { CONNECTION_FLAGS, connectionOptions } from './connection.ts';
import { ExitCode, UsageError } from './errors.ts';
import { commandHelp, mainHelp, usageLine } from './help.ts';
import { createLog } from './log.ts';
import { VERSION } from './version.ts';

export { VERSION };

/** The command named by the leading words of argv (the longest match), and the rest. */
export function findCommand(argv: readonly string[]): { command: Command; rest: string[] } | null {
  let best: { command: Command; rest: string[] } | null = null;
  let bestLength = 0;
  for (const command of COMMANDS) {
    for (const name of [command.name, ...(command.aliases ?? [])]) {
      const words = name.split(' ');
      if (words.every((w, i) => argv[i] === w) && words.length > bestLength) {
        best = { command, rest: argv.slice(words.length) };
        bestLength = words.length;
      }
    }
  }
  return best;
}

/** Runs `lk` with `argv` (without node and the script); resolves with the exit code. */
export async function run(
  argv: readonly string[],
  io: Io,
  signal: AbortSignal = new AbortController().signal,
): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout.write(mainHelp(COMMANDS, VERSION));
    return first === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  if (first === '--version' || first === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return ExitCode.OK;
  }
  const found = findCommand(argv);
  if (found === null) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${first} `));
    const known = group.length > 0 ? group.map((c) => c.name).join(', ') : 'see lk --help';
    createLog(io, 'lk').error(
      `unknown command '${argv.slice(0, group.length > 0 ? 2 : 1).join(' ')}' (${known})`,
    );
    return ExitCode.USAGE;
  }
  const { command, rest } = found;
  const log = createLog(io, `lk ${command.name}`);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(commandHelp(command));
    return ExitCode.OK;
  }
  try {
    const specs: FlagSpecs = command.connects ? { ...command.flags, ...CONNECTION_FLAGS } : command.flags;
    const args = parseFlags(rest, specs);
    const ctx: Context = { io, args, signal, log, connection: () => connectionOptions(args.flags, io.env) };
    return (await command.run(ctx)) ?? ExitCode.OK;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      log.error(error.message);
      io.stderr.write(`${usageLine(command)}\nRun 'lk ${command.name} --help' for the flags and examples.\n`);
      return ExitCode.USAGE;
    }
    if (signal.aborted) return ExitCode.OK;
    log.error(describeError(error));
    return ExitCode.FAILURE;
  }
}

/** One line for a failure: lk errors with their code, others with their message. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : '';
  return `${error.message}${typeof code === 'string' ? ` [${code}]` : ''}${cause}`;
}
