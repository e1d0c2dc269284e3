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
 * The wait before retry number `attempt` (1 for the first retry): `baseMs` doubled per attempt up to
 * `maxMs`, with ±20 % random jitter so that many clients do not retry in step (KIP-580, as Java's
 * `reconnect.backoff.ms` and `retry.backoff.ms` with their `.max.ms`).
 */
export function exponentialBackoff(attempt: number, baseMs: number, maxMs: number): number {
  const exact = Math.min(baseMs * 2 ** Math.max(0, attempt - 1), maxMs);
  return Math.round(exact * (0.8 + 0.4 * Math.random()));
}

/** `promise`, or an {@link AbortError} as soon as `signal` fires (the work itself goes on). */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(new AbortError(signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AbortError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
