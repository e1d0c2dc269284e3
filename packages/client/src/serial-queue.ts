import { AbortError } from './errors.ts';

/**
 * Runs async tasks one after another, in the order they were submitted. A caller whose signal fires
 * while it waits leaves the queue (rejected with {@link AbortError}) without disturbing the others.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Tasks submitted and not finished, the running one included. */
  get size(): number {
    return this.waiting;
  }

  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(new AbortError(signal.reason));
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.waiting++;
    const done = (): void => {
      this.waiting--;
      release();
    };
    return new Promise<T>((resolve, reject) => {
      let started = false;
      const onAbort = (): void => {
        if (started) return;
        started = true;
        // Our turn still has to pass so that later tasks keep their order.
        void previous.then(done);
        reject(new AbortError(signal!.reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      void previous.then(() => {
        signal?.removeEventListener('abort', onAbort);
        if (started) return;
        started = true;
        task().then(resolve, reject).finally(done);
      });
    });
  }
}
