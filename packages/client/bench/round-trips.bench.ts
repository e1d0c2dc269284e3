// Request round trips per second: Metadata and ListOffsets, many at once, through a pooled
// (pipelining) connection, through Cluster.call's routing, through one plain one-at-a-time
// connection, and through KafkaJS's admin client, all against the same broker. Each round sends
// --calls requests concurrently; rounds are interleaved across the cases and the median of --runs
// rounds is reported.
//
//   node --conditions=@lk/source packages/client/bench/round-trips.bench.ts [--calls 1000] [--runs 3]
//     [--bootstrap host:port]
import { parseArgs } from 'node:util';
import { ListOffsets, ListOffsetsTimestamp, Metadata } from '@lk/api';
import { bench } from '@lk/bench-kit';
import { startKafka } from '@lk/kafka-harness';
import { Kafka, logLevel } from 'kafkajs';
import { BootstrapClient, Cluster, openConnection } from '../src/index.ts';
import { metadataRequest } from '../src/metadata-request.ts';

const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    bootstrap: { type: 'string' },
  },
});
const calls = Number(args.calls);
const runs = Number(args.runs);
const harness = args.bootstrap === undefined ? await startKafka({ nodes: 1, heapMb: 1024 }) : null;
const bootstrap = args.bootstrap ?? harness!.bootstrap;
const topic = `round-trips-${Date.now()}`;

try {
  await new BootstrapClient(bootstrap).createTopic(topic, { numPartitions: 1 });
  const cluster = new Cluster({ bootstrap });
  const leader = await cluster.leaderOf(topic, 0);
  const pooled = await cluster.pool.connection(leader.leaderId);
  const plain = await openConnection(cluster.pool.addressOf(leader.leaderId)!);
  const kafkajs = new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  const admin = kafkajs.admin();
  await admin.connect();
  let kafkajsRequests = 0;
  admin.on(admin.events.REQUEST, () => kafkajsRequests++);

  const metadata = metadataRequest([topic]);
  const listOffsets = {
    ...ListOffsets.newRequest(),
    replicaId: -1,
    topics: [
      {
        name: topic,
        partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: ListOffsetsTimestamp.LATEST }],
      },
    ],
  };
  const target = { leaderOf: { topic, partition: 0 } };
  const times =
    <T>(call: () => Promise<T>) =>
    () =>
      Promise.all(Array.from({ length: calls }, call));

  /** Requests KafkaJS sends for one call of `call` (its offsets call asks for latest and earliest). */
  async function kafkajsRequestsPer(call: () => Promise<unknown>): Promise<number> {
    await call();
    const before = kafkajsRequests;
    await Promise.all(Array.from({ length: 10 }, call));
    return (kafkajsRequests - before) / 10;
  }
  const kafkajsMetadata = () => admin.fetchTopicMetadata({ topics: [topic] });
  const kafkajsOffsets = () => admin.fetchTopicOffsets(topic);
  const perCall = {
    metadata: await kafkajsRequestsPer(kafkajsMetadata),
    offsets: await kafkajsRequestsPer(kafkajsOffsets),
  };

  const options = { rounds: runs, minRoundMs: 0, warmupMs: 0 };
  const tables = [
    {
      api: 'Metadata',
      kafkajsPerCall: perCall.metadata,
      results: await bench(
        `Metadata, ${calls} concurrent calls per round`,
        [
          { name: 'lk pooled connection (5 in flight)', run: times(() => pooled.call(Metadata, metadata)) },
          { name: "lk Cluster.call('any')", run: times(() => cluster.call('any', Metadata, metadata)) },
          { name: 'lk one-at-a-time connection', run: times(() => plain.call(Metadata, metadata)) },
          { name: 'kafkajs admin.fetchTopicMetadata', run: times(kafkajsMetadata) },
        ],
        options,
      ),
    },
    {
      api: 'ListOffsets',
      kafkajsPerCall: perCall.offsets,
      results: await bench(
        `ListOffsets, ${calls} concurrent calls per round`,
        [
          {
            name: 'lk pooled connection (5 in flight)',
            run: times(() => pooled.call(ListOffsets, listOffsets)),
          },
          {
            name: 'lk Cluster.call({ leaderOf })',
            run: times(() => cluster.call(target, ListOffsets, listOffsets)),
          },
          { name: 'lk one-at-a-time connection', run: times(() => plain.call(ListOffsets, listOffsets)) },
          { name: 'kafkajs admin.fetchTopicOffsets', run: times(kafkajsOffsets) },
        ],
        options,
      ),
    },
  ];

  console.log(`\n### Round trips per second (median of ${runs} rounds of ${calls} concurrent calls)\n`);
  console.log('| API | client | requests per call | round trips/s | vs lk pooled |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const { api, kafkajsPerCall, results } of tables) {
    const perSecond = results.map(
      (r) => r.opsPerSec * calls * (r.name.startsWith('kafkajs') ? kafkajsPerCall : 1),
    );
    results.forEach((r, i) => {
      const per = r.name.startsWith('kafkajs') ? kafkajsPerCall : 1;
      const ratio = perSecond[i]! / perSecond[0]!;
      console.log(
        `| ${api} | ${r.name} | ${per} | ${Math.round(perSecond[i]!).toLocaleString('en')} | ${ratio.toFixed(2)}x |`,
      );
    });
  }
  await admin.disconnect();
  plain.close();
  cluster.close();
} finally {
  await harness?.stop();
}
