// connectionTtlMs and connMaxIdleMs against the broker: a stale connection is replaced before the
// next call, observed through the client's connection and the lk:connection:* channels.
import diagnosticsChannel from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode } from '@lk/api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import type { Connection } from '../src/connection.ts';
import type { ConnectionCloseMessage, ConnectionOpenMessage } from '../src/diagnostics.ts';
import { OffsetTimestamp, PartitionClient } from '../src/partition-client.ts';
import { uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const topic = uniqueTopic('lifetime');
const opened: ConnectionOpenMessage[] = [];
const closed: ConnectionCloseMessage[] = [];
const onOpen = (m: unknown) => opened.push(m as ConnectionOpenMessage);
const onClose = (m: unknown) => closed.push(m as ConnectionCloseMessage);

beforeAll(async () => {
  await new BootstrapClient(kafka.bootstrap).createTopic(topic, { numPartitions: 1 });
  diagnosticsChannel.subscribe('lk:connection:open', onOpen);
  diagnosticsChannel.subscribe('lk:connection:close', onClose);
});
afterAll(() => {
  diagnosticsChannel.unsubscribe('lk:connection:open', onOpen);
  diagnosticsChannel.unsubscribe('lk:connection:close', onClose);
});

function client(options: { connectionTtlMs: number; connMaxIdleMs: number }): PartitionClient {
  return new PartitionClient({ bootstrap: kafka.bootstrap, topic, partition: 0, ...options });
}

/** One call on the leader connection; returns the connection it used. */
async function callOn(c: PartitionClient): Promise<Connection> {
  const entry = await c.listOffsets(OffsetTimestamp.latest);
  expect(entry.errorCode).toBe(ErrorCode.NONE);
  return c.connection!;
}

/** Calls every `gapMs` for `forMs`; returns each call's connection and when it was made. */
async function busy(c: PartitionClient, forMs: number, gapMs: number) {
  const calls: Array<{ connection: Connection; at: number }> = [];
  const start = performance.now();
  while (performance.now() - start < forMs) {
    calls.push({ connection: await callOn(c), at: performance.now() });
    await sleep(gapMs);
  }
  return calls;
}

/** Expects `old` to have been closed by its owner (not failed) and `next` to be newly opened. */
function expectReplaced(old: Connection, next: Connection): void {
  expect(next).not.toBe(old);
  expect(old.closed).toBe(true);
  expect(next.closed).toBe(false);
  expect(closed.find((m) => m.connectionId === old.id)).toMatchObject({ error: null });
  expect(opened.some((m) => m.connectionId === next.id)).toBe(true);
}

describe('connection lifetime', () => {
  it('replaces a connection older than connectionTtlMs even while it is busy', async () => {
    const c = client({ connectionTtlMs: 400, connMaxIdleMs: 0 });
    const first = await callOn(c);
    // Calls 50 ms apart, so never idle for long: only the age can cause a switch.
    let last = { connection: first, at: performance.now() };
    while (last.connection === first && last.at - first.openedAt < 2000) {
      await sleep(50);
      last = { connection: await callOn(c), at: performance.now() };
    }
    expect(last.at - first.openedAt).toBeGreaterThanOrEqual(400);
    expect(last.at - first.openedAt).toBeLessThan(400 + 500);
    expectReplaced(first, last.connection);
    c.close();
  });

  it('replaces a connection idle for longer than connMaxIdleMs, and only then', async () => {
    const c = client({ connectionTtlMs: 0, connMaxIdleMs: 300 });
    // 800 ms of calls 50 ms apart: older than 300 ms, never idle that long, so never replaced.
    const calls = await busy(c, 800, 50);
    const first = calls[0]!.connection;
    expect(new Set(calls.map((call) => call.connection)).size).toBe(1);
    expect(performance.now() - first.openedAt).toBeGreaterThan(300);
    await sleep(450);
    expect(first.closed).toBe(false); // replaced lazily, on the next call
    expectReplaced(first, await callOn(c));
    c.close();
  });

  it('keeps a connection forever when both limits are 0', async () => {
    const c = client({ connectionTtlMs: 0, connMaxIdleMs: 0 });
    const first = await callOn(c);
    await sleep(1500);
    expect(await callOn(c)).toBe(first);
    expect(first.closed).toBe(false);
    expect(first.isFresh(first.openedAt + 365 * 24 * 3600_000)).toBe(true);
    expect(closed.some((m) => m.connectionId === first.id)).toBe(false);
    c.close();
  });
});
