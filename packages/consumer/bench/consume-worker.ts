// One group consumer reading `records` records from every partition of `topic`, in a process of
// its own, for consume.bench.ts. Prints {"seconds", "peakRssMiB", "cpuSeconds"}; the time runs from
// creating the consumer (group join included) to the last record; the CPU time is the process's
// whole life (start-up included, as the JVM's is).
//   node --conditions=@lk/source consume-worker.ts <lk|kafkajs|platformatic> <bootstrap> <topic> <records>
import { performance } from 'node:perf_hooks';
import { Consumer } from '../src/index.ts';

const [client, bootstrap, topic, count] = process.argv.slice(2) as [string, string, string, string];
const total = Number(count);
const groupId = `bench-${client}-${topic}-${Date.now()}`;

async function lk(): Promise<void> {
  const consumer = new Consumer({ bootstrap, groupId, topics: [topic], autoOffsetReset: 'earliest' });
  let received = 0;
  for await (const batch of consumer) {
    received += batch.records.length;
    if (received >= total) break;
  }
  await consumer.close();
}

async function kafkajs(): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const consumer = new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING }).consumer({
    groupId,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let received = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        received += batch.messages.length;
        if (received >= total) resolve();
      },
    });
  });
  await consumer.disconnect();
}

async function platformatic(): Promise<void> {
  const { Consumer: PlatformaticConsumer } = await import('@platformatic/kafka');
  const consumer = new PlatformaticConsumer({
    groupId,
    clientId: 'bench',
    bootstrapBrokers: bootstrap.split(','),
  });
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest' });
  let received = 0;
  for await (const _message of stream) {
    if (++received >= total) break;
  }
  await stream.close();
  await consumer.close(true);
}

const runs: Record<string, () => Promise<void>> = { lk, kafkajs, platformatic };
const started = performance.now();
await runs[client]!();
const seconds = (performance.now() - started) / 1000;
const usage = process.resourceUsage();
console.log(
  JSON.stringify({
    seconds,
    peakRssMiB: usage.maxRSS / 1024,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
  }),
);
process.exit(0);
