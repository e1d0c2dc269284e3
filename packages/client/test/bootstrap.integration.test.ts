import { ErrorCode, Metadata } from '@lk/api';
import { describe, expect, inject, it } from 'vitest';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import { MetadataError } from '../src/errors.ts';
import { expectedBrokers, rejection, uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');

describe('BootstrapClient against a broker', () => {
  const cluster = new BootstrapClient(kafka.bootstrap);

  it('negotiates ApiVersions v3+ and returns the raw answer', async () => {
    const response = await cluster.apiVersions();
    expect(response.errorCode).toBe(ErrorCode.NONE);
    expect(response.apiKeys.some((k: { apiKey: number }) => k.apiKey === Metadata.apiKey)).toBe(true);
  });

  it('creates a topic, finds its leader, and deletes it', async () => {
    const topic = uniqueTopic('bootstrap');
    await cluster.createTopic(topic, { numPartitions: 2, replicationFactor: 1 });
    await cluster.createTopic(topic, { numPartitions: 2, ifNotExists: true });
    const leader = await cluster.partitionLeader(topic, 1);
    const brokers = await expectedBrokers(kafka);
    expect(brokers).toContainEqual({ nodeId: leader.nodeId, port: leader.address.port });
    expect(leader.topicId).not.toBe('AAAAAAAAAAAAAAAAAAAAAA');
    const metadata = await cluster.metadata([topic]);
    expect(metadata.topics[0]!.partitions).toHaveLength(2);
    const deleted = await cluster.deleteTopics([topic]);
    expect(deleted.responses[0]!.errorCode).toBe(ErrorCode.NONE);
  });

  it('reports a missing partition and a missing topic as MetadataError', async () => {
    const topic = uniqueTopic('bootstrap');
    await cluster.createTopic(topic, { numPartitions: 1 });
    const noPartition = await rejection(cluster.partitionLeader(topic, 5));
    expect((noPartition as MetadataError).code).toBe('LK_METADATA_NO_PARTITION');
    const noTopic = await rejection(cluster.partitionLeader(uniqueTopic('absent'), 0));
    expect(noTopic).toBeInstanceOf(MetadataError);
  });

  it('finds the group coordinator', async () => {
    const coordinator = await cluster.coordinator(uniqueTopic('group'));
    const ports = (await expectedBrokers(kafka)).map((b) => b.port);
    expect(ports).toContain(coordinator.address.port);
  });

  it('tries the next bootstrap broker when one is unreachable', async () => {
    const withDeadFirst = new BootstrapClient(['127.0.0.1:1', kafka.bootstrap]);
    expect((await withDeadFirst.metadata(null)).brokers).toHaveLength((await expectedBrokers(kafka)).length);
  });
});
