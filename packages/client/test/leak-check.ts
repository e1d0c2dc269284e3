// The no-leak check shared by the clients' leak tests (here) and the layers' (examples/test).
import { createHook } from 'node:async_hooks';
import { expect } from 'vitest';

/** Sockets and timers. */
const TRACKED = new Set(['TCPWRAP', 'TLSWRAP', 'Timeout', 'Immediate']);

/**
 * Runs `use`, then `close`, and expects every socket and timer created meanwhile to be gone:
 * tracked by async_hooks from creation (init) to release (destroy), so handles made outside
 * (the test runner's, the polling's) do not count. `close` may return a promise: it is awaited.
 */
export async function expectNoLeak(use: () => Promise<{ close(): unknown }>): Promise<void> {
  const alive = new Map<number, string>();
  let sockets = 0;
  let closed = false;
  const hook = createHook({
    init(id, type) {
      // What is made after close() is the waiting below (and the runner's), not the client's.
      if (closed || !TRACKED.has(type)) return;
      alive.set(id, type);
      if (type === 'TCPWRAP') sockets++;
    },
    destroy(id) {
      alive.delete(id);
    },
  }).enable();
  try {
    const client = await use();
    expect(sockets).toBeGreaterThan(0); // it did connect
    await client.close(); // what close() itself starts must be gone too
    closed = true;
    await expect.poll(() => [...alive.values()], { timeout: 5000, interval: 50 }).toEqual([]);
  } finally {
    hook.disable();
  }
}
