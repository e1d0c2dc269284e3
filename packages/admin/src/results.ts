import type { KafkaError } from '@lk/api';
import { AdminError, type AdminFailure } from './errors.ts';

/** Options every {@link Admin} operation takes. */
export interface AdminCallOptions {
  /** Throw one {@link AdminError} listing the failed entries instead of returning them. Default false. */
  throwOnError?: boolean;
  signal?: AbortSignal;
  /** Per-request timeout (the connection's `requestTimeoutMs` by default). */
  timeoutMs?: number;
}

/** What every per-entry result carries: the entry's broker error, or null when it succeeded. */
export interface EntryResult {
  readonly error: KafkaError | null;
}

/** Returns the entries, or throws an {@link AdminError} for the failed ones when asked to. */
export function settle<T extends EntryResult>(
  operation: string,
  entries: T[],
  subjectOf: (entry: T) => string,
  options: AdminCallOptions,
): T[] {
  if (options.throwOnError) {
    const failures: AdminFailure[] = [];
    for (const entry of entries)
      if (entry.error) failures.push({ subject: subjectOf(entry), error: entry.error });
    if (failures.length > 0) throw new AdminError(operation, failures);
  }
  return entries;
}
