import { performance } from 'node:perf_hooks';
import { ApiKey } from '@lk/api';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, ProduceError, TimeoutError } from '../src/errors.ts';
import { PartitionProducer } from '../src/partition-producer.ts';
import { startFake, type TestFake, takeOver } from './fake.ts';
import { rejection } from './helpers.ts';

const TOPIC = 't';
let fake: TestFake | null = null;
let producer: PartitionProducer | null = null;

afterEach(async () => {
  producer?.close();
  expect(fake?.cluster.serverErrors ?? []).toEqual([]);
  await fake?.cluster.close();
  fake = null;
  producer = null;
});

/** A one-partition fake that never answers requests of `apiKey` (they are taken over and dropped). */
async function silentOn(apiKey: number): Promise<TestFake> {
  fake = await startFake({ topics: { [TOPIC]: { partitions: 1 } } });
  takeOver(
    fake.cluster,
    (r) => r.apiKey === apiKey,
    () => {},
  );
  return fake;
}

const DELIVERY_TIMEOUT_MS = 1_500;
/** Long enough to tell a call bounded by the delivery timeout from one bounded by the defaults (90 s). */
const GIVE_UP_MS = 15_000;

/** Produces one record with default request and replication timeouts; resolves the failure and its time. */
async function failedProduce(
  bootstrap: string,
  signal?: AbortSignal,
): Promise<{ error: Error; elapsedMs: number }> {
  producer = new PartitionProducer({
    bootstrap,
    topic: TOPIC,
    partition: 0,
    deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
  });
  const started = performance.now();
  const give = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`still pending after ${GIVE_UP_MS} ms`)), GIVE_UP_MS).unref(),
  );
  const error = await rejection(Promise.race([producer.produceStrings(['x'], { signal }), give]));
  return { error, elapsedMs: performance.now() - started };
}

describe('PartitionProducer against a broker that accepts and never answers', () => {
  // Both failed before the fix: the call was held for requestTimeoutMs + timeoutMs (90 s), checking
  // the delivery deadline only between attempts.
  it('fails a written, unanswered produce at deliveryTimeoutMs, POSSIBLY_PERSISTED', async () => {
    const { cluster } = await silentOn(ApiKey.Produce);
    const { error, elapsedMs } = await failedProduce(cluster.bootstrap);
    expect(error).toBeInstanceOf(ProduceError);
    expect(error).toMatchObject({ outcome: 'POSSIBLY_PERSISTED' });
    expect(error.cause).toBeInstanceOf(TimeoutError);
    expect(error.cause).toMatchObject({ code: 'LK_TIMEOUT_DELIVERY', timeoutMs: DELIVERY_TIMEOUT_MS });
    expect(elapsedMs).toBeGreaterThanOrEqual(DELIVERY_TIMEOUT_MS - 50);
    expect(elapsedMs).toBeLessThan(DELIVERY_TIMEOUT_MS + 1_000);
  });

  it('fails at deliveryTimeoutMs, NOT_PERSISTED, when not even ApiVersions is answered', async () => {
    const { cluster } = await silentOn(ApiKey.ApiVersions);
    const { error, elapsedMs } = await failedProduce(cluster.bootstrap);
    expect(error).toMatchObject({ outcome: 'NOT_PERSISTED' });
    expect(error.cause).toMatchObject({ code: 'LK_TIMEOUT_DELIVERY' });
    expect(elapsedMs).toBeLessThan(DELIVERY_TIMEOUT_MS + 1_000);
    // The stalled connections were closed: none is left to the broker.
    await expect.poll(() => cluster.broker(0).connections.size).toBe(0);
  });

  it("reports the caller's own abort as an abort, not as the delivery deadline", async () => {
    const { cluster } = await silentOn(ApiKey.Produce);
    const { error, elapsedMs } = await failedProduce(cluster.bootstrap, AbortSignal.timeout(300));
    expect(error.cause).toBeInstanceOf(AbortError);
    expect(elapsedMs).toBeLessThan(DELIVERY_TIMEOUT_MS);
  });
});
