import { ProduceError, TimeoutError } from '@lk/client';
import { describe, expect, it } from 'vitest';
import { BufferMemory } from '../src/buffer-memory.ts';

describe('BufferMemory', () => {
  it('reserves at once while there is room, and counts what is used', () => {
    const memory = new BufferMemory(100);
    expect(memory.tryReserve(60)).toBe(true);
    expect(memory.tryReserve(50)).toBe(false);
    expect(memory.used).toBe(60);
    memory.release(60);
    expect(memory.used).toBe(0);
  });

  it('makes waiters wait in order until released bytes fit them', async () => {
    const memory = new BufferMemory(100);
    memory.tryReserve(100);
    const order: string[] = [];
    const big = memory.reserve(80, 10_000, 10_000, 't', 0).then(() => order.push('big'));
    const small = memory.reserve(10, 10_000, 10_000, 't', 0).then(() => order.push('small'));
    // Nobody jumps the queue, even a reservation that would fit.
    expect(memory.tryReserve(1)).toBe(false);
    expect(memory.blocked).toBe(true);
    memory.release(50);
    await Promise.resolve();
    expect(order).toEqual([]);
    memory.release(50);
    await Promise.all([big, small]);
    expect(order).toEqual(['big', 'small']);
    expect(memory.used).toBe(90);
  });

  it('fails a waiter after maxBlockMs with a NOT_PERSISTED ProduceError, then serves the next', async () => {
    const memory = new BufferMemory(100);
    memory.tryReserve(95);
    const tooBig = memory.reserve(50, 20, 20, 't', 3);
    const small = memory.reserve(5, 10_000, 10_000, 't', 3);
    const error = await tooBig.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProduceError);
    expect((error as ProduceError).outcome).toBe('NOT_PERSISTED');
    expect((error as ProduceError).cause).toBeInstanceOf(TimeoutError);
    await small;
    expect(memory.used).toBe(100);
  });

  it('fails at once when the caller has no time left', async () => {
    const memory = new BufferMemory(10);
    await expect(memory.reserve(1, 0, 500, 't', 0)).rejects.toMatchObject({
      cause: { code: 'LK_TIMEOUT_BUFFER' },
    });
    expect(memory.used).toBe(0);
  });

  it('fails every waiter when asked', async () => {
    const memory = new BufferMemory(10);
    memory.tryReserve(10);
    const waiting = memory.reserve(5, 10_000, 10_000, 't', 0);
    memory.failWaiters(() => new Error('closed'));
    await expect(waiting).rejects.toThrow('closed');
    expect(memory.blocked).toBe(false);
  });
});
