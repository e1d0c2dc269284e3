// Leader failover on a 3-node cluster of its own (started here, not the shared single broker).

import { ErrorCode } from '@lk/api';
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
    let staleEpoch = -1;
    for (let b = 0; b < BATCHES; b++) {
      if (b === BATCHES / 4) {
        stoppedLeader = producer.client.leader!.nodeId;
        staleEpoch = producer.client.leader!.leaderEpoch;
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

    // KIP-320: the new leader refuses a fetch at the old leader's epoch, and the client then looks
    // the leader up again (with the current epoch) before the next fetch.
    expect(leader.leaderEpoch).toBeGreaterThan(staleEpoch);
    const stale = new PartitionFetcher({ bootstrap, topic, partition: 0, maxWaitMs: 10 });
    await stale.fetch();
    stale.client.leader = { ...stale.client.leader!, leaderEpoch: staleEpoch };
    expect((await stale.fetch()).errorCode).toBe(ErrorCode.FENCED_LEADER_EPOCH);
    expect(stale.client.leader).toBeNull();
    expect((await stale.fetch()).errorCode).toBe(ErrorCode.NONE);
    expect(stale.client.leader!.leaderEpoch).toBe(leader.leaderEpoch);
    stale.close();
  });
});
