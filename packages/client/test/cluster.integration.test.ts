// Cluster (pool, metadata cache, routing) on the shared single broker.
import diagnosticsChannel from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeGroups, ErrorCode, Fetch, IsolationLevel, ListOffsets, Metadata } from '@lk/api';
import { ZERO_UUID } from '@lk/wire';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import { Cluster } from '../src/cluster.ts';
import type { ResponseOf } from '../src/connection.ts';
import { PartitionProducer } from '../src/partition-producer.ts';
import { latestOffsetRequest, uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const PARTITIONS = 8;
const CONCURRENT = 1000;

let cluster: Cluster;
let admin: BootstrapClient;

beforeAll(() => {
  cluster = new Cluster({ bootstrap: kafka.bootstrap });
  admin = new BootstrapClient(kafka.bootstrap);
});
afterAll(() => cluster?.close());

describe('pipelining through the pool', () => {
  it(`keeps order under ${CONCURRENT} concurrent requests on one connection`, async () => {
    const topic = uniqueTopic('pipeline');
    await admin.createTopic(topic, { numPartitions: PARTITIONS });
    // Partition p holds p + 1 records: its end offset tells which partition an answer is for.
    for (let p = 0; p < PARTITIONS; p++) {
      const producer = new PartitionProducer({ bootstrap: kafka.bootstrap, topic, partition: p });
      await producer.produceStrings(Array.from({ length: p + 1 }, (_, i) => `${p}-${i}`));
      producer.close();
    }
    const started = performance.now();
    const { leaderId } = await cluster.leaderOf(topic, 0);
    const connection = await cluster.pool.connection(leaderId);
    let maxInFlight = 0;
    const onSend = () => {
      maxInFlight = Math.max(maxInFlight, connection.inFlightCount);
    };
    const partitions = Array.from({ length: CONCURRENT }, (_, i) => (i * 7) % PARTITIONS);
    const answers = await Promise.all(
      partitions.map((p) => connection.call(ListOffsets, latestOffsetRequest(topic, p), { onSend })),
    );
    answers.forEach((answer, i) => {
      const entry = answer.topics[0]!.partitions[0]!;
      expect(entry.partitionIndex).toBe(partitions[i]);
      expect(entry.offset).toBe(BigInt(partitions[i]! + 1));
    });
    // Metadata naming a different (missing) topic each: the answer echoes its request's name.
    const names = Array.from({ length: CONCURRENT }, (_, i) => `${topic}-missing-${i}`);
    const metadata = await Promise.all(
      names.map((name) =>
        connection.call(
          Metadata,
          { ...Metadata.newRequest(), topics: [{ topicId: ZERO_UUID, name }], allowAutoTopicCreation: false },
          { onSend },
        ),
      ),
    );
    expect(metadata.map((m) => m.topics[0]!.name)).toEqual(names);
    expect(connection.closed).toBe(false);
    console.log(`${2 * CONCURRENT} pipelined calls in ${Math.round(performance.now() - started)} ms`);
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(5);
    expect(
      cluster.pool.connections().filter((c) => c.nodeId === leaderId && c.purpose === 'requests'),
    ).toHaveLength(1);
  });
});

describe('routing on one node', () => {
  it('sends to the leader, a node, any broker and a group coordinator', async () => {
    const topic = uniqueTopic('route');
    await admin.createTopic(topic, { numPartitions: 2 });
    const leader = await cluster.callRouted(
      { leaderOf: { topic, partition: 1 } },
      ListOffsets,
      latestOffsetRequest(topic, 1),
    );
    expect(leader.response.topics[0]!.partitions[0]).toMatchObject({
      partitionIndex: 1,
      errorCode: ErrorCode.NONE,
      offset: 0n,
    });
    expect(leader.nodeId).toBe(kafka.nodes[0]?.id ?? leader.nodeId);
    const node = await cluster.callRouted(
      { node: leader.nodeId },
      ListOffsets,
      latestOffsetRequest(topic, 0),
    );
    expect(node.connection).toBe(leader.connection);
    const any = await cluster.call('any', Metadata, { ...Metadata.newRequest(), topics: null });
    expect(any.brokers.length).toBeGreaterThanOrEqual(1);
    expect(cluster.metadata.clusterId).toBe(any.clusterId);

    const group = uniqueTopic('group');
    const describeGroup = { ...DescribeGroups.newRequest(), groups: [group] };
    const coordinator = await cluster.callRouted(
      { coordinator: { key: group } },
      DescribeGroups,
      describeGroup,
      {
        errorCodeOf: (r: ResponseOf<typeof DescribeGroups>) => r.groups[0]!.errorCode,
      },
    );
    // Answered by the coordinator itself (elsewhere: NOT_COORDINATOR): the group does not exist
    // yet (3.9: a Dead group; 4.x: ErrorCode.GROUP_ID_NOT_FOUND).
    expect([ErrorCode.NONE, ErrorCode.GROUP_ID_NOT_FOUND]).toContain(
      coordinator.response.groups[0]!.errorCode,
    );
    expect(await cluster.coordinatorOf(group)).toBe(coordinator.nodeId);
  });

  it('notices a topic deleted and created again: a fetch by the old topic id is retried with the new one', async () => {
    const topic = uniqueTopic('recreate');
    await admin.createTopic(topic, { numPartitions: 1 });
    await cluster.metadata.refresh([topic]);
    const oldId = cluster.metadata.topic(topic)!.topicId;
    await admin.deleteTopics([topic]);
    for (;;) {
      const result = (await admin.createTopics([{ name: topic, numPartitions: 1 }])).topics[0]!;
      if (result.errorCode !== ErrorCode.TOPIC_ALREADY_EXISTS) {
        expect(result.errorCode).toBe(ErrorCode.NONE);
        break;
      }
      await sleep(200);
    }
    const refreshes: unknown[] = [];
    const listener = (m: unknown) => refreshes.push(m);
    diagnosticsChannel.subscribe('lk:metadata:refresh', listener);
    const ids: string[] = [];
    try {
      const routed = await cluster.callRouted({ leaderOf: { topic, partition: 0 } }, Fetch, (version) => {
        const topicId = cluster.metadata.topic(topic)?.topicId ?? ZERO_UUID;
        ids.push(topicId);
        expect(version).toBeGreaterThanOrEqual(13);
        return fetchRequest(topic, topicId);
      });
      expect(routed.response.responses[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NONE);
      expect(routed.attempts).toBeGreaterThanOrEqual(2);
    } finally {
      diagnosticsChannel.unsubscribe('lk:metadata:refresh', listener);
    }
    const newId = cluster.metadata.topic(topic)!.topicId;
    expect(newId).not.toBe(oldId);
    expect(ids[0]).toBe(oldId);
    expect(ids.at(-1)).toBe(newId);
    expect(cluster.metadata.topicById(oldId)).toBeUndefined();
    expect(cluster.metadata.topicById(newId)!.name).toBe(topic);
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
  });
});

function fetchRequest(topic: string, topicId: string) {
  return {
    ...Fetch.newRequest(),
    replicaId: -1,
    maxWaitMs: 10,
    minBytes: 0,
    maxBytes: 1 << 20,
    isolationLevel: IsolationLevel.READ_UNCOMMITTED,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic,
        topicId,
        partitions: [
          {
            partition: 0,
            currentLeaderEpoch: -1,
            fetchOffset: 0n,
            lastFetchedEpoch: -1,
            logStartOffset: -1n,
            partitionMaxBytes: 1 << 20,
            replicaDirectoryId: ZERO_UUID,
            highWatermark: 0x7fffffffffffffffn,
          },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  };
}
