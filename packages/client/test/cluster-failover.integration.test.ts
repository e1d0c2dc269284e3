// Cluster routing on a 3-node cluster of its own (started here, not the shared single broker; of the
// shared broker's Kafka version): a partition leader killed with SIGKILL mid-run, and topics created
// on three brokers then produced to.
import diagnosticsChannel from 'node:diagnostics_channel';
import { ErrorCode, ListOffsets } from '@lk/api';
import { type KafkaCluster, startKafka } from '@lk/kafka-harness';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import { Cluster } from '../src/cluster.ts';
import { PartitionProducer } from '../src/partition-producer.ts';
import { latestOffsetRequest, uniqueTopic } from './helpers.ts';

const PARTITIONS = 3;
const ROUNDS = 60;
const CREATE_ROUNDS = 15;

describe('Cluster on 3 nodes', () => {
  let kafka: KafkaCluster;
  beforeAll(async () => {
    kafka = await startKafka({ nodes: 3, version: inject('kafka').version });
  });
  afterAll(async () => {
    await kafka?.stop();
  });

  it(`creates a topic and produces to it at once, ${CREATE_ROUNDS} times, RF 3`, async () => {
    const admin = new BootstrapClient(kafka.bootstrap);
    for (let round = 0; round < CREATE_ROUNDS; round++) {
      const topic = uniqueTopic('created3');
      await admin.createTopic(topic, { numPartitions: PARTITIONS, replicationFactor: 3 });
      const producer = new PartitionProducer({
        bootstrap: kafka.bootstrap,
        topic,
        partition: round % PARTITIONS,
      });
      try {
        expect((await producer.produceStrings([`round ${round}`])).baseOffset).toBe(0n);
      } finally {
        producer.close();
      }
    }
  });

  it('keeps answering leader-routed calls while a leader is killed, and follows the new leader', async () => {
    const topic = uniqueTopic('route3');
    await new BootstrapClient(kafka.bootstrap).createTopic(topic, {
      numPartitions: PARTITIONS,
      replicationFactor: 3,
    });
    const cluster = new Cluster({ bootstrap: kafka.bootstrap });
    const events: { name: string; message: Record<string, unknown> }[] = [];
    const names = ['lk:retry', 'lk:pool:dial-error', 'lk:pool:connection', 'lk:metadata:refresh'];
    const listeners = names.map((name) => {
      const listener = (message: unknown) =>
        events.push({ name, message: message as Record<string, unknown> });
      diagnosticsChannel.subscribe(name, listener);
      return () => diagnosticsChannel.unsubscribe(name, listener);
    });
    let killed = -1;
    try {
      const before = await cluster.leaderOf(topic, 0);
      for (let round = 0; round < ROUNDS; round++) {
        if (round === ROUNDS / 3) {
          killed = (await cluster.leaderOf(topic, 0)).leaderId;
          await kafka.stopNode(killed, 'SIGKILL');
        }
        const answers = await Promise.all(
          Array.from({ length: PARTITIONS }, (_, p) =>
            cluster.callRouted(
              { leaderOf: { topic, partition: p } },
              ListOffsets,
              latestOffsetRequest(topic, p),
            ),
          ),
        );
        answers.forEach((answer, p) => {
          expect(answer.response.topics[0]!.partitions[0]).toMatchObject({
            partitionIndex: p,
            errorCode: ErrorCode.NONE,
          });
          if (round > ROUNDS / 3) expect(answer.nodeId).not.toBe(killed);
        });
      }
      const after = await cluster.leaderOf(topic, 0);
      expect(after.leaderId).not.toBe(killed);
      expect(after.leaderEpoch).toBeGreaterThan(before.leaderEpoch);
      expect(after.isr).not.toContain(killed);
      // The calls in flight to the killed leader were retried elsewhere.
      const retries = events.filter((e) => e.name === 'lk:retry').map((e) => e.message);
      expect(retries.length).toBeGreaterThan(0);
      expect(retries.every((m) => String(m.subject).startsWith('leader of'))).toBe(true);
      const closed = events.find((e) => e.name === 'lk:pool:connection' && e.message.reason === 'failed');
      expect(closed?.message.nodeId).toBe(killed);
      expect(events.filter((e) => e.name === 'lk:metadata:refresh').length).toBeGreaterThan(1);
    } finally {
      for (const unsubscribe of listeners) unsubscribe();
      cluster.close();
      if (killed >= 0) await kafka.startNode(killed);
    }
  });
});
