// The lk:* events of failures and retries, and NODE_DEBUG=lk, without a broker: a dead port, an
// @lk/fake broker that hangs up during the handshake.
import { spawn } from 'node:child_process';
import diagnosticsChannel from 'node:diagnostics_channel';
import { fileURLToPath } from 'node:url';
import { ApiKey } from '@lk/api';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ConnectionFailedMessage,
  ProduceMessage,
  RequestStartMessage,
  RetryMessage,
} from '../src/diagnostics.ts';
import { AbortError, ProduceError, type TransportError } from '../src/errors.ts';
import { openConnection } from '../src/open-connection.ts';
import { PartitionProducer } from '../src/partition-producer.ts';
import { startFake, type TestFake } from './fake.ts';
import { closedPort, rejection } from './helpers.ts';

let fake: TestFake | null = null;
const unsubscribes: (() => void)[] = [];

afterEach(async () => {
  for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
  await fake?.cluster.close();
  fake = null;
});

/** Every message published on `names` from now until the test ends, in order, with its channel. */
function record(...names: string[]): { name: string; message: unknown; at: number }[] {
  const seen: { name: string; message: unknown; at: number }[] = [];
  for (const name of names) {
    const listener = (message: unknown) => seen.push({ name, message, at: performance.now() });
    diagnosticsChannel.subscribe(name, listener);
    unsubscribes.push(() => diagnosticsChannel.unsubscribe(name, listener));
  }
  return seen;
}

describe('a producer pointed at a dead port', () => {
  it('shows its first failure and retry at once, not after the delivery timeout', async () => {
    const port = await closedPort();
    const seen = record('lk:connection:failed', 'lk:retry', 'lk:produce');
    const producer = new PartitionProducer({ bootstrap: `127.0.0.1:${port}`, topic: 't', partition: 0 });
    const controller = new AbortController();
    const started = performance.now();
    const produced = rejection(producer.produceStrings(['a'], { signal: controller.signal }));
    await expect.poll(() => seen.some((e) => e.name === 'lk:retry'), { timeout: 1000 }).toBe(true);
    controller.abort();
    const error = (await produced) as ProduceError;

    const failed = seen.find((e) => e.name === 'lk:connection:failed')!;
    expect(failed.at - started).toBeLessThan(1000);
    expect(failed.message).toMatchObject({ connectionId: null, broker: `127.0.0.1:${port}` });
    expect(((failed.message as ConnectionFailedMessage).error as TransportError).code).toBe(
      'LK_TRANSPORT_DIAL',
    );
    const retry = seen.find((e) => e.name === 'lk:retry')!.message as RetryMessage;
    expect(retry).toMatchObject({ operation: 'produce', subject: 't/0', attempt: 1, delayMs: 100 });
    expect((retry.error as TransportError).code).toBe('LK_TRANSPORT_DIAL');
    // Causal order: the failed dial, then its retry.
    expect(seen.indexOf(failed)).toBeLessThan(seen.findIndex((e) => e.name === 'lk:retry'));

    expect(error).toBeInstanceOf(ProduceError);
    expect(error.cause).toBeInstanceOf(AbortError);
    expect(error.attempts).toBeGreaterThanOrEqual(1);
    const produce = seen.find((e) => e.name === 'lk:produce')!.message as ProduceMessage;
    expect(produce.error).toBe(error);
    producer.close();
  });

  it('says how many attempts it made when the delivery timeout ends the retries', async () => {
    const port = await closedPort();
    const seen = record('lk:retry', 'lk:produce');
    const producer = new PartitionProducer({
      bootstrap: `127.0.0.1:${port}`,
      topic: 't',
      partition: 0,
      deliveryTimeoutMs: 400,
      retryBackoffMs: 20,
    });
    const error = (await rejection(producer.produceStrings(['a']))) as ProduceError;
    const retries = seen.filter((e) => e.name === 'lk:retry').map((e) => e.message as RetryMessage);
    expect(error.attempts).toBe(retries.length + 1);
    expect(error.attempts).toBeGreaterThan(2);
    expect(error.message).toContain(`after ${error.attempts} attempts`);
    expect(retries.map((r) => r.attempt)).toEqual(retries.map((_, i) => i + 1));
    expect(retries.map((r) => r.delayMs).slice(0, 3)).toEqual([20, 40, 80]);
    // The produce event names the broker the failed dial was for.
    const produce = seen.find((e) => e.name === 'lk:produce')!.message as ProduceMessage;
    expect(produce.broker).toBe(`127.0.0.1:${port}`);
    producer.close();
  });
});

describe('a handshake that fails', () => {
  it('publishes open, the request, close with the error, then failed', async () => {
    // Hangs up on ApiVersions.
    fake = await startFake();
    fake.cluster.onRequest((r) => (r.apiKey === ApiKey.ApiVersions ? { drop: 'before' } : undefined));
    const seen = record(
      'lk:connection:open',
      'lk:request:start',
      'lk:request:error',
      'lk:connection:close',
      'lk:connection:failed',
      'lk:connection:ready',
    );
    const error = await rejection(openConnection(fake.address));
    expect(seen.map((e) => e.name)).toEqual([
      'lk:connection:open',
      'lk:request:start',
      'lk:request:error',
      'lk:connection:close',
      'lk:connection:failed',
    ]);
    const id = (seen[0]!.message as RequestStartMessage).connectionId;
    expect(seen.map((e) => (e.message as { connectionId: number }).connectionId)).toEqual(Array(5).fill(id));
    expect((seen[3]!.message as { error: Error }).error).toBe(error);
    expect((seen[4]!.message as ConnectionFailedMessage).error).toBe(error);
  });
});

describe('NODE_DEBUG=lk', () => {
  it('prints the events on stderr', async () => {
    const port = await closedPort();
    const script = `
      const { openConnection } = await import(${JSON.stringify(fileURLToPath(new URL('../src/open-connection.ts', import.meta.url)))});
      await openConnection({ host: '127.0.0.1', port: ${port} }).catch(() => {});
    `;
    const child = spawn(
      process.execPath,
      ['--conditions=@lk/source', '--input-type=module', '--eval', script],
      { env: { ...process.env, NODE_DEBUG: 'lk' }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stderr).toMatch(
      new RegExp(
        `^LK \\d+: lk:connection:failed connectionId=null broker=127\\.0\\.0\\.1:${port} error=TransportError\\(LK_TRANSPORT_DIAL\\): ".*" durationMs=`,
        'm',
      ),
    );
  });
});
