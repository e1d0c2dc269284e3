import { performance } from 'node:perf_hooks';
import { AbortError } from './errors.ts';

/** Resolves after `ms` milliseconds; rejects with {@link AbortError} when `signal` fires first. */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new AbortError(signal.reason));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new AbortError(signal!.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `attempt` until it succeeds, waiting 50 ms, then twice as long each time up to 1 s, after
 * each failure that `retriable` accepts. Throws the failure once retrying would pass `deadline`
 * (a `performance.now()` time) or `retriable` refuses it; `signal` aborts the wait.
 */
export async function retryWithBackoff<T>(
  attempt: () => Promise<T>,
  retriable: (error: unknown) => boolean,
  deadline: number,
  signal?: AbortSignal,
): Promise<T> {
  for (let backoffMs = 50; ; backoffMs = Math.min(backoffMs * 2, 1000)) {
    try {
      return await attempt();
    } catch (error) {
      if (!retriable(error) || performance.now() + backoffMs > deadline) throw error;
      await delay(backoffMs, signal);
    }
  }
}
