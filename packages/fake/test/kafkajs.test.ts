// KafkaJS (a client lk did not write) against the fake: a producer and a consumer group of two.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeCluster } from '../src/index.ts';

let cluster: FakeCluster;
beforeAll(async () => {
  cluster = await FakeCluster.start({ brokers: 3, topics: { orders: { partitions: 4 } } });
});
afterAll(async () => {
  expect(cluster.serverErrors).toEqual([]);
  await cluster.close();
});

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('KafkaJS against the fake', () => {
  it('a producer and a consumer group of two members share the partitions and commit', async () => {
    const kafka = new Kafka({
      clientId: 'kjs',
      brokers: cluster.bootstrap.split(','),
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    const COUNT = 200;
    for (let i = 0; i < COUNT; i += 20) {
      await producer.send({
        topic: 'orders',
        messages: Array.from({ length: 20 }, (_, j) => ({ key: `k${i + j}`, value: `v${i + j}` })),
      });
    }
    await producer.disconnect();
    const total = cluster.topic('orders').partitions.reduce((n, p) => n + Number(p.log.highWatermark), 0);
    expect(total).toBe(COUNT);

    const seen = new Map<string, Set<number>>();
    const consumers = ['a', 'b'].map((name) => {
      const consumer = kafka.consumer({
        groupId: 'kjs-group',
        sessionTimeout: 10_000,
        heartbeatInterval: 500,
      });
      seen.set(name, new Set());
      return { name, consumer };
    });
    const values = new Set<string>();
    for (const { name, consumer } of consumers) {
      await consumer.connect();
      await consumer.subscribe({ topic: 'orders', fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          seen.get(name)!.add(partition);
          values.add(message.value!.toString());
        },
      });
    }
    await until(() => values.size === COUNT);
    const group = cluster.group('kjs-group');
    await until(
      () =>
        cluster.group('kjs-group')?.members.length === 2 && cluster.group('kjs-group')?.state === 'Stable',
    );
    expect(group?.type).toBe('classic');
    await until(() => {
      const offsets = cluster.committedOffsets('kjs-group').get('orders');
      if (offsets === undefined) return false;
      return [0, 1, 2, 3].every(
        (p) => offsets.get(p)?.offset === cluster.topic('orders').partitions[p]!.log.highWatermark,
      );
    });
    for (const { consumer } of consumers) await consumer.disconnect();
    expect(cluster.group('kjs-group')?.members).toEqual([]);
  });
});
