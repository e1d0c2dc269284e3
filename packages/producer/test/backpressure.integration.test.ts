// A producer with a small bufferMemory against a broker that was killed: memory stays bounded,
// `send` waits at most maxBlockMs for room, and every record fails by deliveryTimeoutMs, typed.
import { ProduceError } from '@lk/client';
import { type KafkaCluster, startKafka } from '@lk/kafka-harness';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Producer } from '../src/producer.ts';
import { uniqueTopic } from './helpers.ts';

const BUFFER = 256 * 1024;
const DELIVERY_TIMEOUT = 4000;
const MAX_BLOCK = 1500;
const RECORDS = 10_000;
const VALUE_SIZE = 16 * 1024;
const OUTSTANDING = 500;

describe('backpressure against a stopped broker', () => {
  const version = inject('kafka').version;
  let cluster: KafkaCluster;
  beforeAll(async () => {
    cluster = await startKafka({ version, nodes: 1 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('keeps memory bounded and fails every record in time with a typed error', async () => {
    const topic = uniqueTopic('backpressure');
    await cluster.createTopic(topic, { partitions: 3, replicationFactor: 1 });
    const producer = new Producer({
      bootstrap: cluster.bootstrap,
      bufferMemory: BUFFER,
      maxBlockMs: MAX_BLOCK,
      deliveryTimeoutMs: DELIVERY_TIMEOUT,
      requestTimeoutMs: 1000,
      lingerMs: 0,
      retryBackoffMaxMs: 200,
    });
    // Written while the broker is up.
    await producer.send(topic, { key: 'first', value: 'x' });
    await cluster.stopNode(cluster.nodes[0]!.id, 'SIGKILL');

    // 160 MiB of fresh 16 KiB values, at most 500 sends outstanding (8 MiB held by this loop).
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    let bufferedPeak = 0;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      bufferedPeak = Math.max(bufferedPeak, producer.bufferedBytes);
    }, 20);
    const byCause = new Map<string, number>();
    let untyped = 0;
    let succeeded = 0;
    let slowest = 0;
    let outstanding = 0;
    let slotFreed: (() => void) | null = null;
    const settled = (): void => {
      outstanding--;
      slotFreed?.();
      slotFreed = null;
    };
    for (let i = 0; i < RECORDS; i++) {
      const sentAt = performance.now();
      outstanding++;
      void producer.send(topic, { key: `k${i}`, value: new Uint8Array(VALUE_SIZE) }).then(
        () => {
          succeeded++;
          settled();
        },
        (error: unknown) => {
          settled();
          slowest = Math.max(slowest, performance.now() - sentAt);
          const typed = error instanceof ProduceError && error.outcome !== 'PERSISTED';
          if (!typed) untyped++;
          const code = (error as { cause?: { code?: string } }).cause?.code ?? '?';
          byCause.set(code, (byCause.get(code) ?? 0) + 1);
        },
      );
      while (outstanding >= OUTSTANDING) await new Promise<void>((resolve) => (slotFreed = resolve));
    }
    while (outstanding > 0) await new Promise<void>((resolve) => (slotFreed = resolve));
    clearInterval(sampler);
    const growthMiB = (rssPeak - rssBefore) / 1048576;
    console.log('backpressure outcomes by cause', Object.fromEntries(byCause), {
      growthMiB: growthMiB.toFixed(1),
      bufferedPeak,
      slowestMs: Math.round(slowest),
    });
    expect(succeeded).toBe(0);
    expect(untyped).toBe(0);
    // Records that got buffer memory failed at their delivery timeout, the others after maxBlockMs.
    expect(byCause.get('LK_TIMEOUT_BUFFER') ?? 0).toBeGreaterThan(0);
    expect(RECORDS - (byCause.get('LK_TIMEOUT_BUFFER') ?? 0)).toBeGreaterThan(0);
    // Nothing waits past its deadline (plus the scheduler's slack on two busy cores).
    expect(slowest).toBeLessThan(DELIVERY_TIMEOUT + MAX_BLOCK + 4000);
    expect(bufferedPeak).toBeLessThanOrEqual(BUFFER);
    expect(producer.bufferedBytes).toBe(0);
    // Far less than the 160 MiB that went through send.
    expect(growthMiB).toBeLessThan(96);
    await producer.close({ force: true });
  });
});
