// One throughput run of one client in its own process (so peak RSS is its own). Prints one JSON line.
//   node --conditions=@lk/source throughput-worker.ts <lk|kafkajs|platformatic> <produce|fetch> <bootstrap> <topic> <acks> <records>
// lk also has fetch-reuse: records({ reuseMemory: true }).
// Each client is imported only by its own runs, so no client's peak RSS includes another's modules.
import { FETCH_MAX_BYTES, FETCH_MAX_WAIT_MS } from './fetch-settings.ts';

const [client, mode, bootstrap, topic, acksText, recordsText] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string,
];
const acks = Number(acksText) as 0 | 1 | -1;
const total = Number(recordsText);
const RECORD_SIZE = 1024;
// 512 KiB batches: under the broker's default message.max.bytes (1 MiB) with room to spare.
const PER_BATCH = 512;
const value = Buffer.alloc(RECORD_SIZE, 7);

async function lkProduce(): Promise<void> {
  const { Builder } = await import('@lk/batch');
  const { PartitionProducer } = await import('../src/index.ts');
  const producer = new PartitionProducer({ bootstrap, topic, partition: 0, acks });
  for (let sent = 0; sent < total; sent += PER_BATCH) {
    const builder = new Builder();
    for (let i = 0; i < Math.min(PER_BATCH, total - sent); i++) builder.add({ value });
    await producer.produce(builder.build());
  }
  producer.close();
}

async function lkFetch(reuseMemory = false): Promise<void> {
  const { PartitionFetcher } = await import('../src/index.ts');
  const fetcher = new PartitionFetcher({
    bootstrap,
    topic,
    partition: 0,
    maxBytes: FETCH_MAX_BYTES,
    maxWaitMs: FETCH_MAX_WAIT_MS,
  });
  let received = 0;
  for await (const { records } of fetcher.records({ reuseMemory })) {
    received += records.length;
    if (received >= total) break;
  }
  fetcher.close();
}

async function kafkajsProduce(): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const messages = Array.from({ length: PER_BATCH }, () => ({ value }));
  for (let sent = 0; sent < total; sent += PER_BATCH) {
    await producer.send({ topic, acks, messages: messages.slice(0, Math.min(PER_BATCH, total - sent)) });
  }
  await producer.disconnect();
}

async function kafkajsFetch(): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({
    groupId: `bench-${topic}`,
    maxBytes: FETCH_MAX_BYTES,
    maxBytesPerPartition: FETCH_MAX_BYTES,
    maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let received = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        received += batch.messages.length;
        if (received >= total) resolve();
      },
    });
  });
  await consumer.disconnect();
}

async function platformaticProduce(): Promise<void> {
  const { ProduceAcks, Producer } = await import('@platformatic/kafka');
  const producer = new Producer({
    clientId: 'bench',
    bootstrapBrokers: bootstrap.split(','),
    autocreateTopics: false,
  });
  const acksMode = acks === 0 ? ProduceAcks.NO_RESPONSE : acks === 1 ? ProduceAcks.LEADER : ProduceAcks.ALL;
  const messages = Array.from({ length: PER_BATCH }, () => ({ topic, partition: 0, value }));
  for (let sent = 0; sent < total; sent += PER_BATCH) {
    await producer.send({ messages: messages.slice(0, Math.min(PER_BATCH, total - sent)), acks: acksMode });
  }
  await producer.close();
}

async function platformaticFetch(): Promise<void> {
  const { Consumer } = await import('@platformatic/kafka');
  const consumer = new Consumer({
    groupId: `bench-${topic}`,
    clientId: 'bench',
    bootstrapBrokers: bootstrap.split(','),
    maxBytes: FETCH_MAX_BYTES,
    maxBytesPerPartition: FETCH_MAX_BYTES,
    maxWaitTime: FETCH_MAX_WAIT_MS,
  });
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
  let received = 0;
  for await (const _message of stream) {
    if (++received >= total) break;
  }
  await stream.close();
  await consumer.close(true);
}

const runs: Record<string, () => Promise<void>> = {
  'lk produce': lkProduce,
  'lk fetch': () => lkFetch(),
  'lk fetch-reuse': () => lkFetch(true),
  'kafkajs produce': kafkajsProduce,
  'kafkajs fetch': kafkajsFetch,
  'platformatic produce': platformaticProduce,
  'platformatic fetch': platformaticFetch,
};
const run = runs[`${client} ${mode}`];
if (run === undefined) throw new Error(`unknown run ${client} ${mode}`);
// Load the client before the clock starts; the imports inside the runs then hit the module cache.
const preload: Record<string, () => Promise<unknown>> = {
  lk: () => Promise.all([import('@lk/batch'), import('../src/index.ts')]),
  kafkajs: () => import('kafkajs'),
  platformatic: () => import('@platformatic/kafka'),
};
await preload[client]?.();
const started = performance.now();
await run();
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    seconds,
    records: total,
    bytes: total * RECORD_SIZE,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
process.exit(0);
