// Produces a stream of records to one partition, fetches them back, checks them, prints throughput.
//
//   node --conditions=@lk/source packages/client/examples/roundtrip.ts [--bootstrap host:port]
//        [--records 200000] [--size 1024] [--batch 500] [--acks -1|0|1] [--idempotent]
//
// Without --bootstrap, a single Kafka 4.3.1 node is started with the test harness and stopped after.
import { parseArgs } from 'node:util';
import { Builder } from '@lk/batch';
import { startKafka } from '@lk/kafka-harness';
import { BootstrapClient, PartitionFetcher, PartitionProducer } from '../src/index.ts';

const { values: args } = parseArgs({
  options: {
    bootstrap: { type: 'string' },
    records: { type: 'string', default: '200000' },
    size: { type: 'string', default: '1024' },
    batch: { type: 'string', default: '500' },
    acks: { type: 'string', default: '-1' },
    idempotent: { type: 'boolean', default: false },
  },
});
const total = Number(args.records);
const size = Number(args.size);
const perBatch = Number(args.batch);
const acks = Number(args.acks) as 0 | 1 | -1;

const harness = args.bootstrap === undefined ? await startKafka({ nodes: 1 }) : null;
const bootstrap = args.bootstrap ?? harness!.bootstrap;
try {
  const topic = `lk-roundtrip-${Date.now()}`;
  await new BootstrapClient(bootstrap).createTopic(topic, { numPartitions: 1 });
  console.log(
    `broker ${bootstrap}, topic ${topic}: ${total} records of ${size} B, ${perBatch} per batch, acks=${acks}`,
  );

  const producer = new PartitionProducer({
    bootstrap,
    topic,
    partition: 0,
    acks,
    idempotent: args.idempotent,
  });
  const payload = new Uint8Array(size);
  const started = performance.now();
  for (let sent = 0; sent < total; ) {
    const builder = new Builder();
    const count = Math.min(perBatch, total - sent);
    for (let i = 0; i < count; i++) {
      const value = payload.slice();
      new DataView(value.buffer).setUint32(0, sent + i);
      builder.add({ value });
    }
    await producer.produce(builder.build());
    sent += count;
  }
  const produceSeconds = (performance.now() - started) / 1000;
  producer.close();
  report('produce', total, total * size, produceSeconds);

  const fetcher = new PartitionFetcher({ bootstrap, topic, partition: 0, maxBytes: 8 * 1024 * 1024 });
  const fetchStarted = performance.now();
  let received = 0;
  for await (const { records } of fetcher.records()) {
    for (const record of records) {
      const seq = new DataView(record.value!.buffer, record.value!.byteOffset).getUint32(0);
      if (seq !== received) throw new Error(`record ${received} came back as ${seq}`);
      received++;
    }
    if (received >= total) break;
  }
  fetcher.close();
  report('fetch', received, received * size, (performance.now() - fetchStarted) / 1000);
} finally {
  await harness?.stop();
}

function report(what: string, records: number, bytes: number, seconds: number): void {
  const mb = bytes / 1024 / 1024;
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(
    `${what.padEnd(8)} ${records} records in ${seconds.toFixed(2)} s: ${(records / seconds).toFixed(0)} records/s, ` +
      `${(mb / seconds).toFixed(1)} MiB/s (RSS ${rss.toFixed(0)} MiB)`,
  );
}
