import { ConfigError } from './errors.ts';

/** The longest wait `setTimeout` keeps: a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** What `acks` may be: 0 (no answer), 1 (the leader wrote it), -1 (all in-sync replicas have it). */
export type Acks = 0 | 1 | -1;

/** `value`, when it is a number of milliseconds above 0 that a timer can wait; else a ConfigError naming `option`. */
export function positiveMs(option: string, value: number): number {
  if (!(value > 0)) throw new ConfigError(`${option} must be positive, got ${value}`);
  return atMostTimer(option, value);
}

/** `value`, when it is 0 or more milliseconds that a timer can wait; else a ConfigError naming `option`. */
export function nonNegativeMs(option: string, value: number): number {
  if (!(value >= 0)) throw new ConfigError(`${option} must be 0 or more, got ${value}`);
  return atMostTimer(option, value);
}

/** `value`, when it is an integer of 0 or more (a count, a size); else a ConfigError naming `option`. */
export function nonNegativeInteger(option: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new ConfigError(`${option} must be an integer of 0 or more, got ${value}`);
  }
  return value;
}

/** `value`, when it is an integer above 0; else a ConfigError naming `option`. */
export function positiveInteger(option: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new ConfigError(`${option} must be a positive integer, got ${value}`);
  }
  return value;
}

/** `value`, when it is -1, 0 or 1; else a ConfigError naming `option`. */
export function acksOf(option: string, value: unknown): Acks {
  if (value !== -1 && value !== 0 && value !== 1) {
    throw new ConfigError(`${option} must be -1 (all in-sync replicas), 0 or 1, got ${String(value)}`);
  }
  return value;
}

function atMostTimer(option: string, value: number): number {
  if (value > MAX_TIMER_MS)
    throw new ConfigError(`${option} must be at most ${MAX_TIMER_MS} ms, got ${value}`);
  return value;
}
