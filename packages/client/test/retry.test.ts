// retryWithBackoff: the one retry loop of the client (producer, coordinator lookups, group calls,
// Cluster routing).
import diagnosticsChannel from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import type { RetryMessage } from '../src/diagnostics.ts';
import { AbortError } from '../src/errors.ts';
import { retryWithBackoff } from '../src/retry.ts';
import { rejection } from './helpers.ts';

const retries: RetryMessage[] = [];
const onRetry = (m: unknown) => retries.push(m as RetryMessage);
diagnosticsChannel.subscribe('lk:retry', onRetry);
afterEach(() => {
  retries.length = 0;
});

const failing = (failures: number) => {
  let calls = 0;
  return async (attempt: number) => {
    calls++;
    expect(attempt).toBe(calls);
    if (calls <= failures) throw new Error(`failure ${calls}`);
    return `done after ${calls}`;
  };
};
const policy = { operation: 'test', subject: 's', retriable: () => true, backoffMs: 1, maxBackoffMs: 4 };

describe('retryWithBackoff', () => {
  it('retries until success, doubling the pause up to its maximum, and publishes each retry first', async () => {
    const result = await retryWithBackoff(failing(4), { ...policy, deadline: performance.now() + 10_000 });
    expect(result).toBe('done after 5');
    expect(retries.map((r) => [r.attempt, r.delayMs, r.error.message])).toEqual([
      [1, 1, 'failure 1'],
      [2, 2, 'failure 2'],
      [3, 4, 'failure 3'],
      [4, 4, 'failure 4'],
    ]);
    expect(retries[0]).toMatchObject({ operation: 'test', subject: 's' });
  });

  it('throws the failure the policy refuses, without a retry', async () => {
    const error = await rejection(
      retryWithBackoff(failing(1), {
        ...policy,
        retriable: (e) => !(e as Error).message.includes('1'),
        deadline: Infinity,
      }),
    );
    expect(error.message).toBe('failure 1');
    expect(retries).toEqual([]);
  });

  it('throws the last failure once a pause would reach the deadline', async () => {
    const error = await rejection(
      retryWithBackoff(failing(100), {
        ...policy,
        backoffMs: 20,
        maxBackoffMs: 20,
        deadline: performance.now() + 50,
      }),
    );
    expect(error.message).toMatch(/^failure [23]$/);
    expect(retries.length).toBe(Number(error.message.at(-1)) - 1);
  });

  it('jitters each pause by up to 20 %', async () => {
    await retryWithBackoff(failing(6), {
      ...policy,
      backoffMs: 10,
      maxBackoffMs: 10,
      jitter: true,
      deadline: Infinity,
    });
    expect(retries).toHaveLength(6);
    for (const { delayMs } of retries) expect(delayMs >= 8 && delayMs <= 12).toBe(true);
  });

  it('throws an AbortError when the signal fires during a pause', async () => {
    const controller = new AbortController();
    const running = retryWithBackoff(failing(1), {
      ...policy,
      backoffMs: 10_000,
      deadline: Infinity,
      signal: controller.signal,
    });
    await expect.poll(() => retries.length).toBe(1);
    controller.abort(new Error('stop'));
    expect(await rejection(running)).toBeInstanceOf(AbortError);
  });
});
