import { AbortError } from './errors.ts';

/** Work that must run alone before a task, or null: asked when the task reaches the head of the line. */
export type AloneFirst = () => (() => Promise<unknown>) | null;

interface Waiter {
  readonly aloneFirst: AloneFirst;
  start(alone: (() => Promise<unknown>) | null): void;
  abort(): void;
}

/**
 * Lets up to `limit` async tasks run at once, started in the order they were submitted: a
 * connection's requests in flight. When a task reaches the head of the line, `aloneFirst` may hand
 * back work that must run alone first (a SASL renewal): it starts once the running tasks finished,
 * nothing else starts meanwhile, and the task follows in the same slot. With a limit of 1 this is a
 * serial queue. A caller whose signal fires while it waits leaves (rejected with
 * {@link AbortError}) without disturbing the others.
 */
export class RequestSlots {
  readonly limit: number;
  private readonly waiting: Waiter[] = [];
  private running = 0;
  private runningAlone = false;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Tasks submitted and not finished, the running ones included. */
  get size(): number {
    return this.waiting.length + this.running;
  }

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  /** Runs `task` once a slot is free and every earlier task started (after `aloneFirst`'s work, if any). */
  run<T>(task: () => Promise<T>, signal?: AbortSignal, aloneFirst: AloneFirst = nothingAlone): Promise<T> {
    if (signal?.aborted) return Promise.reject(new AbortError(signal.reason));
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => waiter.abort();
      const waiter: Waiter = {
        aloneFirst,
        start: (alone) => {
          signal?.removeEventListener('abort', onAbort);
          const result =
            alone === null
              ? attempt(task)
              : attempt(alone).then(() => {
                  this.runningAlone = false;
                  // The task first: it was ahead of those the pump starts.
                  const result = attempt(task);
                  this.pump();
                  return result;
                });
          result.then(resolve, reject).finally(() => this.finish());
        },
        abort: () => {
          const index = this.waiting.indexOf(waiter);
          if (index < 0) return;
          this.waiting.splice(index, 1);
          reject(new AbortError(signal!.reason));
          // The head may have changed.
          this.pump();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.pump();
    });
  }

  private finish(): void {
    this.running--;
    this.runningAlone = false;
    this.pump();
  }

  private pump(): void {
    while (this.waiting.length > 0 && !this.runningAlone && this.running < this.limit) {
      const head = this.waiting[0]!;
      const alone = head.aloneFirst();
      if (alone !== null && this.running > 0) return;
      this.waiting.shift();
      this.running++;
      this.runningAlone = alone !== null;
      head.start(alone);
    }
  }
}

function nothingAlone(): null {
  return null;
}

/** `fn()`, with a synchronous throw turned into a rejection. */
function attempt<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return fn();
  } catch (error) {
    return Promise.reject(error);
  }
}
