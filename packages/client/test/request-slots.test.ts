import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AbortError } from '../src/errors.ts';
import { RequestSlots } from '../src/request-slots.ts';
import { rejection } from './helpers.ts';

/** A task that records its start and end, and ends when released. */
function task(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    run: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    release: () => release(),
  };
}

describe('RequestSlots', () => {
  it('runs up to its limit at once, starting tasks in order', async () => {
    const slots = new RequestSlots(2);
    const log: string[] = [];
    const tasks = ['a', 'b', 'c'].map((n) => task(log, n));
    const results = tasks.map((t) => slots.run(t.run));
    await sleep(5);
    expect(log).toEqual(['start a', 'start b']);
    expect(slots.size).toBe(3);
    expect(slots.active).toBe(2);
    tasks[1]!.release();
    await sleep(5);
    expect(log).toEqual(['start a', 'start b', 'end b', 'start c']);
    tasks[0]!.release();
    tasks[2]!.release();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c']);
    expect(slots.size).toBe(0);
  });

  it('runs work that must be alone after the running tasks, holding later ones back until it ended', async () => {
    const slots = new RequestSlots(3);
    const log: string[] = [];
    const [a, renew, x, b] = ['a', 'renew', 'x', 'b'].map((n) => task(log, n));
    const results = [slots.run(a!.run), slots.run(x!.run, undefined, () => renew!.run), slots.run(b!.run)];
    await sleep(5);
    expect(log).toEqual(['start a']);
    a!.release();
    await sleep(5);
    expect(log).toEqual(['start a', 'end a', 'start renew']);
    renew!.release();
    await sleep(5);
    // The alone part done, x and b run side by side.
    expect(log).toEqual(['start a', 'end a', 'start renew', 'end renew', 'start x', 'start b']);
    x!.release();
    b!.release();
    expect(await Promise.all(results)).toEqual(['a', 'x', 'b']);
  });

  it('lets a waiting caller leave on abort without disturbing the others', async () => {
    const slots = new RequestSlots(1);
    const log: string[] = [];
    const [a, b, c] = ['a', 'b', 'c'].map((n) => task(log, n));
    const controller = new AbortController();
    const first = slots.run(a!.run);
    const second = rejection(slots.run(b!.run, controller.signal));
    const third = slots.run(c!.run);
    controller.abort();
    expect(await second).toBeInstanceOf(AbortError);
    a!.release();
    c!.release();
    expect(await Promise.all([first, third])).toEqual(['a', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start c', 'end c']);
  });

  it('with a limit of 1 is a serial queue, and a throwing task frees its slot', async () => {
    const slots = new RequestSlots(1);
    const failing = rejection(
      slots.run(() => {
        throw new Error('boom');
      }),
    );
    expect((await failing).message).toBe('boom');
    expect(await slots.run(async () => 1)).toBe(1);
  });
});
