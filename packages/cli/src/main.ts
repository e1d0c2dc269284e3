import type { Io } from './command.ts';
import { run } from './run.ts';

/** Runs `lk` on process.argv with the process's streams; sets the exit code; SIGINT/SIGTERM stop cleanly. */
export function main(argv: readonly string[] = process.argv.slice(2)): void {
  const controller = new AbortController();
  let stops = 0;
  const stop = (): void => {
    // A second ^C exits at once.
    if (++stops > 1) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // A closed stdout (`lk consume ... | head`) ends the command quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const io: Io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
  run(argv, io, controller.signal).then(
    (code) => {
      // Exit once stdout took the last bytes: a lingering socket or timer must not hold the shell.
      process.stdout.write('', () => process.exit(code));
    },
    (error: unknown) => {
      process.stderr.write(`lk: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
