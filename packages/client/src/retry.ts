import { performance } from 'node:perf_hooks';
import { delay, exponentialBackoff } from './delay.ts';
import { channels, publish } from './diagnostics.ts';

/** How {@link retryWithBackoff} retries, and how its `lk:retry` events name what is retried. */
export interface RetryPolicy {
  /** What is retried, as `lk:retry` names it: `produce`, `findCoordinator`, `group`. */
  readonly operation: string;
  /** Whom it concerns, for `lk:retry`: `topic/partition`, a group id, a coordinator key. */
  readonly subject: string;
  /** Whether the failure of attempt `attempt` may be retried. */
  retriable(error: unknown, attempt: number): boolean;
  /** A `performance.now()` time: no retry is begun whose pause would reach it. */
  readonly deadline: number;
  /** The first pause, doubled after each retry up to `maxBackoffMs`. Default 50 ms. */
  readonly backoffMs?: number;
  /** Default 1 s. */
  readonly maxBackoffMs?: number;
  /** ±20 % random jitter on each pause, so that many clients do not retry in step (KIP-580). Default false. */
  readonly jitter?: boolean;
  /** Aborts the pause with an AbortError. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs `attempt` (given its number, from 1) until it succeeds, pausing with exponential backoff
 * after each failure the policy accepts, and publishing each retry on `lk:retry` before the pause.
 * Throws the failure once the policy refuses it or the pause would pass the deadline; an abort
 * during the pause throws the AbortError.
 */
export async function retryWithBackoff<T>(
  attempt: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
): Promise<T> {
  const backoffMs = policy.backoffMs ?? 50;
  const maxBackoffMs = policy.maxBackoffMs ?? 1000;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!policy.retriable(error, n)) throw error;
      const delayMs = policy.jitter
        ? exponentialBackoff(n, backoffMs, maxBackoffMs)
        : Math.min(backoffMs * 2 ** (n - 1), maxBackoffMs);
      if (performance.now() + delayMs >= policy.deadline) throw error;
      publish(channels.retry, () => ({
        operation: policy.operation,
        subject: policy.subject,
        attempt: n,
        delayMs,
        error: error as Error,
      }));
      await delay(delayMs, policy.signal);
    }
  }
}
