import { ProduceError, TimeoutError } from '@lk/client';

interface Waiter {
  bytes: number;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * The producer's `bufferMemory`: bytes of records accepted and not yet settled. A reservation that
 * does not fit waits, first come first served, until released bytes make room or `maxBlockMs`
 * passes (Java's `buffer.memory` / `max.block.ms`).
 */
export class BufferMemory {
  readonly capacity: number;
  private free: number;
  private readonly waiters: Waiter[] = [];

  constructor(capacity: number) {
    this.capacity = capacity;
    this.free = capacity;
  }

  /** Bytes in use. */
  get used(): number {
    return this.capacity - this.free;
  }

  /** True while some reservation waits: later ones must queue behind it to keep order. */
  get blocked(): boolean {
    return this.waiters.length > 0;
  }

  /** Takes `bytes` at once when they fit and nobody waits; false otherwise. */
  tryReserve(bytes: number): boolean {
    if (this.waiters.length > 0 || bytes > this.free) return false;
    this.free -= bytes;
    return true;
  }

  /**
   * Takes `bytes`, waiting up to `waitMs` (what is left of the caller's `maxBlockMs`); fails with a
   * NOT_PERSISTED ProduceError on timeout, at once when no time is left (the caller already waited
   * `maxBlockMs`, e.g. behind earlier sends).
   */
  reserve(
    bytes: number,
    waitMs: number,
    maxBlockMs: number,
    topic: string,
    partition: number,
  ): Promise<void> {
    if (waitMs <= 0) return Promise.reject(this.timeoutError(bytes, maxBlockMs, topic, partition));
    if (this.tryReserve(bytes)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        bytes,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(this.timeoutError(bytes, maxBlockMs, topic, partition));
          // A waiter that gave up may have blocked smaller ones behind it.
          this.wake();
        }, waitMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** The failure of a record that found no room within `maxBlockMs`. */
  timeoutError(bytes: number, maxBlockMs: number, topic: string, partition: number): ProduceError {
    const cause = new TimeoutError(
      'LK_TIMEOUT_BUFFER',
      `no room for ${bytes} bytes in bufferMemory (${this.capacity}) within maxBlockMs (${maxBlockMs})`,
      maxBlockMs,
    );
    return new ProduceError('NOT_PERSISTED', topic, partition, cause, 0);
  }

  /** Gives back `bytes` and wakes the waiters that now fit, in order. */
  release(bytes: number): void {
    this.free += bytes;
    this.wake();
  }

  /** Fails every waiter with `error` (the producer is closing). */
  failWaiters(error: (waiterBytes: number) => Error): void {
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error(waiter.bytes));
    }
  }

  private wake(): void {
    while (this.waiters.length > 0 && this.waiters[0]!.bytes <= this.free) {
      const waiter = this.waiters.shift()!;
      clearTimeout(waiter.timer);
      this.free -= waiter.bytes;
      waiter.resolve();
    }
  }
}
