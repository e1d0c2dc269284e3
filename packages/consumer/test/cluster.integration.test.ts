// The consumer on a 3-node cluster of its own (racks r1, r2, r3; the shared broker's version):
// follower fetching from the replica in the consumer's rack (KIP-392).
import { BootstrapClient, Cluster, PartitionProducer } from '@lk/client';
import { type KafkaCluster, startKafka } from '@lk/kafka-harness';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Consumer } from '../src/index.ts';
import { unique, until } from './helpers.ts';

const rackOf = (node: number): string => `r${node}`;

describe('Consumer on 3 nodes with racks', () => {
  let kafka: KafkaCluster;
  beforeAll(async () => {
    kafka = await startKafka({
      nodes: 3,
      version: inject('kafka').version,
      serverProperties: {
        'replica.selector.class': 'org.apache.kafka.common.replica.RackAwareReplicaSelector',
      },
      nodeProperties: {
        1: { 'broker.rack': rackOf(1) },
        2: { 'broker.rack': rackOf(2) },
        3: { 'broker.rack': rackOf(3) },
      },
    });
  });
  afterAll(async () => {
    await kafka?.stop();
  });

  /** A topic of one partition and its replicas: [leader, ...followers]. */
  async function topicOnReplicas(replicationFactor: number, configs: Record<string, string> = {}) {
    const topic = unique('racks');
    await new BootstrapClient(kafka.bootstrap).createTopic(topic, {
      numPartitions: 1,
      replicationFactor,
      configs,
    });
    const cluster = new Cluster({ bootstrap: kafka.bootstrap });
    try {
      await cluster.metadata.refresh([topic]);
      const p = cluster.metadata.partition(topic, 0)!;
      return { topic, leader: p.leaderId, followers: p.replicas.filter((r) => r !== p.leaderId) };
    } finally {
      cluster.close();
    }
  }

  async function produceTo(topic: string, from: number, count: number): Promise<void> {
    const producer = new PartitionProducer({ bootstrap: kafka.bootstrap, topic, partition: 0 });
    try {
      await producer.produceStrings(Array.from({ length: count }, (_, i) => `r-${from + i}`));
    } finally {
      producer.close();
    }
  }

  it('fetches from the follower in its rack once the leader names it', async () => {
    const { topic, leader, followers } = await topicOnReplicas(3);
    const follower = followers[0]!;
    await produceTo(topic, 0, 500);
    const consumer = new Consumer({
      bootstrap: kafka.bootstrap,
      assignment: [{ topic, partition: 0 }],
      autoOffsetReset: 'earliest',
      rackId: rackOf(follower),
      maxWaitMs: 200,
    });
    const seen: string[] = [];
    const abort = new AbortController();
    const running = consumer.run({
      eachBatch: (b) => void seen.push(...b.records.map((r) => new TextDecoder().decode(r.value!))),
      signal: abort.signal,
    });
    try {
      await until(() => seen.length === 500, 30_000, 'the first 500 records');
      const state = consumer.fetcher.state({ topic, partition: 0 })!;
      // The leader answered the first fetch with the follower in the consumer's rack.
      expect(state.preferredReplica).toBe(follower);
      expect(follower).not.toBe(leader);
      // More records come from there (the leader is not asked again while the follower serves).
      await produceTo(topic, 500, 500);
      await until(() => seen.length === 1000, 30_000, 'the next 500 records from the follower');
      expect(state.preferredReplica).toBe(follower);
      expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => `r-${i}`));
    } finally {
      abort.abort();
      await running;
      await consumer.close();
    }
  });
});
