// Leader failover on a 3-node cluster of its own (started here, not the shared single broker).

import { type KafkaCluster, startKafka } from '@lk/kafka-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import { PartitionFetcher } from '../src/partition-fetcher.ts';
import { PartitionProducer } from '../src/partition-producer.ts';
import { uniqueTopic } from './helpers.ts';

const BATCHES = 200;
const PER_BATCH = 10;
const text = new TextDecoder();

describe('partition leader moved (3 nodes, RF=3, min.insync.replicas=2)', () => {
  let cluster: KafkaCluster;
  beforeAll(async () => {
    cluster = await startKafka({ nodes: 3 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('follows the new leader and loses or duplicates nothing acknowledged with acks=-1', async () => {
    const topic = uniqueTopic('failover');
    await cluster.createTopic(topic, {
      partitions: 1,
      replicationFactor: 3,
      configs: { 'min.insync.replicas': '2' },
    });
    const bootstrap = cluster.bootstrap;
    const producer = new PartitionProducer({
      bootstrap,
      topic,
      partition: 0,
      idempotent: true,
      deliveryTimeoutMs: 60_000,
    });
    const acknowledged: string[] = [];
    let stoppedLeader = -1;
    for (let b = 0; b < BATCHES; b++) {
      if (b === BATCHES / 4) {
        stoppedLeader = producer.client.leader!.nodeId;
        await cluster.stopNode(stoppedLeader);
      }
      const values = Array.from({ length: PER_BATCH }, (_, i) => `${b}-${i}`);
      await producer.produceStrings(values);
      acknowledged.push(...values);
    }
    expect(producer.client.leader!.nodeId).not.toBe(stoppedLeader);
    producer.close();

    const leader = await new BootstrapClient(bootstrap).partitionLeader(topic, 0);
    expect(leader.nodeId).not.toBe(stoppedLeader);
    const fetcher = new PartitionFetcher({ bootstrap, topic, partition: 0, maxWaitMs: 200 });
    const seen: string[] = [];
    const controller = new AbortController();
    for await (const { records } of fetcher.records({ signal: controller.signal })) {
      seen.push(...records.map((r) => text.decode(r.value!)));
      if (seen.length >= acknowledged.length) break;
    }
    fetcher.close();
    expect(seen).toEqual(acknowledged);
  });
});
