// After close(), no client leaves an open handle behind: no socket, no timer. Each client is used
// for real against the broker, closed, and the process's active resources compared with before.
import { describe, inject, it } from 'vitest';
import { parseAddress } from '../src/address.ts';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import { Cluster } from '../src/cluster.ts';
import { GroupClient } from '../src/group-client.ts';
import { openConnection } from '../src/open-connection.ts';
import { OffsetTimestamp, PartitionClient } from '../src/partition-client.ts';
import { PartitionFetcher } from '../src/partition-fetcher.ts';
import { PartitionProducer } from '../src/partition-producer.ts';
import { uniqueTopic } from './helpers.ts';
import { expectNoLeak } from './leak-check.ts';

const kafka = inject('kafka');
const admin = new BootstrapClient(kafka.bootstrap);
const topic = uniqueTopic('leaks');

describe('no open handle after close()', () => {
  it('Connection', async () => {
    await expectNoLeak(async () => openConnection(parseAddress(kafka.bootstrap.split(',')[0]!)));
  });

  it('BootstrapClient', async () => {
    await admin.createTopic(topic, { numPartitions: 1 });
    // Each call opens a connection and closes it: nothing is left once the calls are over.
    await expectNoLeak(async () => {
      const cluster = new BootstrapClient(kafka.bootstrap);
      await cluster.metadata([topic]);
      await cluster.apiVersions();
      return { close: () => {} };
    });
  });

  it('PartitionClient', async () => {
    await expectNoLeak(async () => {
      const client = new PartitionClient({ bootstrap: kafka.bootstrap, topic, partition: 0 });
      await client.listOffsets(OffsetTimestamp.latest);
      return client;
    });
  });

  it.each([false, true])('PartitionProducer (idempotent %s)', async (idempotent) => {
    await expectNoLeak(async () => {
      const producer = new PartitionProducer({ bootstrap: kafka.bootstrap, topic, partition: 0, idempotent });
      await producer.produceStrings(['a', 'b']);
      return producer;
    });
  });

  it('PartitionFetcher, with a prefetch in flight when the loop is left', async () => {
    await expectNoLeak(async () => {
      const fetcher = new PartitionFetcher({
        bootstrap: kafka.bootstrap,
        topic,
        partition: 0,
        maxWaitMs: 300,
      });
      for await (const { records } of fetcher.records()) if (records.length > 0) break;
      return fetcher;
    });
  });

  it('GroupClient, joined and heartbeating', async () => {
    await expectNoLeak(async () => {
      const group = new GroupClient({ bootstrap: kafka.bootstrap, groupId: uniqueTopic('leaks-group') });
      await group.join({
        sessionTimeoutMs: 10_000,
        protocols: [{ name: 'lk', metadata: new Uint8Array(0) }],
      });
      await group.sync([{ memberId: group.memberId, assignment: new Uint8Array(0) }]);
      await group.heartbeat();
      return group;
    });
  });

  it('Cluster (broker pool and metadata cache)', async () => {
    await expectNoLeak(async () => {
      const cluster = new Cluster({ bootstrap: kafka.bootstrap });
      await cluster.leaderOf(topic, 0);
      return cluster;
    });
  });
});
