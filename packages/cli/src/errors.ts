/** Exit codes of `lk`: 0 done, 1 a failure (broker, network, data), 2 a usage error (bad flags or arguments). */
export const ExitCode = { OK: 0, FAILURE: 1, USAGE: 2 } as const;

/** A mistake on the command line: printed with the command's usage line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
