import { performance } from 'node:perf_hooks';
import type { TimeoutError } from './errors.ts';

/**
 * An abort signal that fires at a `performance.now()` deadline, or earlier with the caller's
 * `signal`: it bounds every step of one attempt (leader lookup, connecting, ApiVersions, SASL,
 * the request itself) by what is left of an overall deadline. {@link expired} tells the deadline
 * from the caller's abort; {@link dispose} clears the timer once the attempt is over.
 */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout> | undefined;

  /** `timeout` makes the error the deadline stands for, when it fires; `at` may be `Infinity`. */
  constructor(at: number, timeout: () => TimeoutError, signal?: AbortSignal) {
    if (at !== Number.POSITIVE_INFINITY) {
      const fire = () => this.controller.abort(timeout());
      this.timer = setTimeout(fire, Math.max(0, at - performance.now()));
    }
    this.signal = signal ? AbortSignal.any([this.controller.signal, signal]) : this.controller.signal;
  }

  /** The deadline's TimeoutError once it fired (and not the caller's signal first), else null. */
  get expired(): TimeoutError | null {
    const own = this.controller.signal;
    return own.aborted && this.signal.reason === own.reason ? (own.reason as TimeoutError) : null;
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
