import { Builder } from '@lk/batch';
import { FakeCluster } from '@lk/fake';
import { afterEach, describe, expect, it } from 'vitest';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import { PartitionFetcher } from '../src/partition-fetcher.ts';
import { PartitionProducer } from '../src/partition-producer.ts';

const utf8 = new TextEncoder();
let cluster: FakeCluster | undefined;
afterEach(async () => {
  expect(cluster?.serverErrors ?? []).toEqual([]);
  await cluster?.close();
  cluster = undefined;
});

function batch(first: number, count: number) {
  const builder = new Builder();
  for (let i = first; i < first + count; i++)
    builder.add({ key: utf8.encode(`k${i}`), value: utf8.encode(`v${i}`) });
  return builder.build();
}

describe('lk producer and fetcher against @lk/fake', () => {
  it('spreads partition leaders over its brokers, each on its own listener', async () => {
    cluster = await FakeCluster.start({ brokers: 3, topics: { events: { partitions: 6 } } });
    const client = new BootstrapClient(cluster.bootstrap);
    const metadata = await client.metadata(['events']);
    expect(metadata.brokers.map((b: { nodeId: number }) => b.nodeId).sort()).toEqual([0, 1, 2]);
    const leaders = metadata.topics[0]!.partitions.map((p: { leaderId: number }) => p.leaderId);
    expect(new Set(leaders)).toEqual(new Set([0, 1, 2]));
    expect(cluster.bootstrap.split(',')).toHaveLength(3);
  });

  it('round-trips batches with lk producer and fetcher', async () => {
    cluster = await FakeCluster.start({ brokers: 3, topics: { t: { partitions: 3 } } });
    for (let partition = 0; partition < 3; partition++) {
      const producer = new PartitionProducer({
        bootstrap: cluster.bootstrap,
        topic: 't',
        partition,
        acks: -1,
      });
      for (let i = 0; i < 5; i++) {
        const result = await producer.produce(batch(i * 10, 10));
        expect(result.baseOffset).toBe(BigInt(i * 10));
      }
      producer.close();
      const fetcher = new PartitionFetcher({ bootstrap: cluster.bootstrap, topic: 't', partition });
      const controller = new AbortController();
      let seen = 0;
      for await (const { records } of fetcher.records({ signal: controller.signal })) {
        for (const r of records) expect(r.offset).toBe(BigInt(seen++));
        if (seen === 50) break;
      }
      fetcher.close();
      expect(cluster.offsets('t', partition).highWatermark).toBe(50n);
      expect(cluster.records('t', partition)).toHaveLength(50);
    }
  });
});
