// Single-partition throughput: produce N MiB of 1 KiB records with acks=1 and acks=-1, then fetch
// them, with lk, KafkaJS, Platformatic and Kafka's Java ProducerPerformance/ConsumerPerformance, on
// the same broker and topic settings (1 partition, RF 1). Each Node client runs in its own process.
//
//   node --conditions=@lk/source packages/client/bench/throughput.bench.ts [--mib 256] [--bootstrap host:port]
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { javaTool, startKafka } from '@lk/kafka-harness';
import { BootstrapClient } from '../src/index.ts';

const { values: args } = parseArgs({
  options: {
    mib: { type: 'string', default: '256' },
    bootstrap: { type: 'string' },
    clients: { type: 'string', default: 'lk,kafkajs,platformatic,java' },
  },
});
const records = Number(args.mib) * 1024;
const clients = args.clients.split(',');
const worker = fileURLToPath(new URL('./throughput-worker.ts', import.meta.url));
const harness = args.bootstrap === undefined ? await startKafka({ nodes: 1, heapMb: 1024 }) : null;
const bootstrap = args.bootstrap ?? harness!.bootstrap;
const cluster = new BootstrapClient(bootstrap);

interface Row {
  client: string;
  run: string;
  seconds: number;
  peakRssMiB: number | null;
}
const rows: Row[] = [];

async function node(client: string, mode: string, topic: string, acks: number): Promise<Row> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=@lk/source', worker, client, mode, bootstrap, topic, String(acks), String(records)],
    { maxBuffer: 1 << 20 },
  );
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as { seconds: number; peakRssMiB: number };
  return {
    client,
    run: mode === 'produce' ? `produce acks=${acks}` : 'fetch',
    seconds: result.seconds,
    peakRssMiB: result.peakRssMiB,
  };
}

async function java(mode: string, topic: string, acks: number): Promise<Row> {
  const started = performance.now();
  const result =
    mode === 'produce'
      ? await javaTool(
          'org.apache.kafka.tools.ProducerPerformance',
          [
            '--topic',
            topic,
            '--num-records',
            String(records),
            '--record-size',
            '1024',
            '--throughput',
            '-1',
            '--producer-props',
            `bootstrap.servers=${bootstrap}`,
            `acks=${acks}`,
            'batch.size=524288',
            'linger.ms=5',
            'max.in.flight.requests.per.connection=1',
          ],
          { fullJit: true, timeoutMs: 600_000 },
        )
      : await javaTool(
          'org.apache.kafka.tools.ConsumerPerformance',
          [
            '--bootstrap-server',
            bootstrap,
            '--topic',
            topic,
            '--messages',
            String(records),
            '--fetch-size',
            String(8 * 1024 * 1024),
          ],
          { fullJit: true, timeoutMs: 600_000 },
        );
  if (result.code !== 0) throw new Error(`java ${mode} failed: ${result.stderr.slice(-500)}`);
  // JVM start-up is included; the tools' own figures are in their output.
  return {
    client: 'java',
    run: mode === 'produce' ? `produce acks=${acks}` : 'fetch',
    seconds: (performance.now() - started) / 1000,
    peakRssMiB: null,
  };
}

try {
  for (const client of clients) {
    for (const acks of [1, -1]) {
      const topic = `bench-${client}-${acks === 1 ? 'a1' : 'all'}-${Date.now()}`;
      await cluster.createTopic(topic, { numPartitions: 1, replicationFactor: 1 });
      rows.push(
        client === 'java' ? await java('produce', topic, acks) : await node(client, 'produce', topic, acks),
      );
      if (acks === -1)
        rows.push(
          client === 'java' ? await java('fetch', topic, acks) : await node(client, 'fetch', topic, acks),
        );
    }
  }
} finally {
  await harness?.stop();
}

const mib = records / 1024;
console.log(`\n${mib} MiB in ${records} records of 1 KiB, one partition\n`);
console.log('| client | run | MiB/s | records/s | peak RSS MiB |');
console.log('|---|---|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.client} | ${r.run} | ${(mib / r.seconds).toFixed(1)} | ${(records / r.seconds).toFixed(0)} | ${r.peakRssMiB === null ? 'n/a' : r.peakRssMiB.toFixed(0)} |`,
  );
}
