import { describe, expect, it } from 'vitest';
import { IdempotenceState } from '../src/idempotence.ts';

describe('IdempotenceState', () => {
  it('numbers each partition from 0 by record counts', () => {
    const state = new IdempotenceState();
    state.setProducerId(7n, 0);
    expect(state.stamp('t', 0, 10)).toEqual({ producerId: 7n, producerEpoch: 0, baseSequence: 0 });
    expect(state.stamp('t', 0, 5).baseSequence).toBe(10);
    expect(state.stamp('t', 1, 3).baseSequence).toBe(0);
    expect(state.stamp('u', 0, 1).baseSequence).toBe(0);
    expect(state.stamp('t', 0, 1).baseSequence).toBe(15);
  });

  it('wraps sequences at 2^31', () => {
    const state = new IdempotenceState();
    state.setProducerId(1n, 0);
    state.stamp('t', 0, 2 ** 31 - 2);
    expect(state.stamp('t', 0, 5).baseSequence).toBe(2 ** 31 - 2);
    expect(state.stamp('t', 0, 1).baseSequence).toBe(3);
  });

  it('bumps the epoch and restarts every partition at 0 (KIP-360)', () => {
    const state = new IdempotenceState();
    state.setProducerId(9n, 4);
    const old = state.stamp('t', 0, 10);
    state.stamp('t', 1, 10);
    state.requestBump();
    expect(state.bumpNeeded).toBe(true);
    expect(state.bump()).toBe(true);
    expect(state.bumpNeeded).toBe(false);
    expect(state.isCurrent(old)).toBe(false);
    expect(state.stamp('t', 0, 1)).toEqual({ producerId: 9n, producerEpoch: 5, baseSequence: 0 });
    expect(state.stamp('t', 1, 1).baseSequence).toBe(0);
  });

  it('needs a new producer id once the epoch is exhausted', () => {
    const state = new IdempotenceState();
    state.setProducerId(9n, 32_767);
    expect(state.bump()).toBe(false);
    expect(state.hasProducerId).toBe(false);
  });
});
