// Group consumer throughput: one member reads N MiB of 1 KiB records from 6 partitions (1 node) or
// 12 partitions (3 nodes, RF 1), with lk, KafkaJS, Platformatic (each in a group of its own, default
// settings) and Kafka's Java ConsumerPerformance. The records are written once by Java's
// ProducerPerformance; every client reads the same topic. Medians of --runs; peak RSS is the Node
// worker's maxRSS, or the JVM's VmHWM sampled from /proc.
//
//   node --conditions=@lk/source packages/consumer/bench/consume.bench.ts [--mib 1024] [--nodes 1|3]
//     [--clients lk,java,kafkajs,platformatic] [--runs 3] [--bootstrap host:port]
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { watchPeakRss } from '@lk/bench-kit';
import { BootstrapClient } from '@lk/client';
import { javaTool, startKafka } from '@lk/kafka-harness';

const { values: args } = parseArgs({
  options: {
    mib: { type: 'string', default: '1024' },
    nodes: { type: 'string', default: '1' },
    clients: { type: 'string', default: 'lk,java,kafkajs,platformatic' },
    runs: { type: 'string', default: '3' },
    bootstrap: { type: 'string' },
  },
});
const nodes = Number(args.nodes);
const partitions = nodes === 1 ? 6 : 12;
const records = Number(args.mib) * 1024;
const worker = fileURLToPath(new URL('./consume-worker.ts', import.meta.url));
const harness =
  args.bootstrap === undefined ? await startKafka({ nodes: nodes === 3 ? 3 : 1, heapMb: 1024 }) : null;
const bootstrap = args.bootstrap ?? harness!.bootstrap;

interface Row {
  client: string;
  seconds: number;
  peakRssMiB: number | null;
}

async function node(client: string, topic: string): Promise<Row> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=@lk/source', worker, client, bootstrap, topic, String(records)],
    { maxBuffer: 1 << 20 },
  );
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as { seconds: number; peakRssMiB: number };
  return { client, ...result };
}

async function java(topic: string): Promise<Row> {
  let rss: ReturnType<typeof watchPeakRss> | null = null;
  const result = await javaTool(
    'org.apache.kafka.tools.ConsumerPerformance',
    [
      '--bootstrap-server',
      bootstrap,
      '--topic',
      topic,
      '--messages',
      String(records),
      '--group',
      `bench-java-${Date.now()}`,
    ],
    { fullJit: true, timeoutMs: 1_200_000, onSpawn: (pid) => void (rss = watchPeakRss(pid)) },
  );
  const peakRssMiB = (rss as ReturnType<typeof watchPeakRss> | null)?.stop() ?? null;
  if (result.code !== 0) throw new Error(`ConsumerPerformance failed: ${result.stderr.slice(-500)}`);
  const lines = result.stdout.trim().split('\n');
  const header = lines.findIndex((l) => l.includes('nMsg.sec'));
  const names = lines[header]!.split(',').map((n) => n.trim());
  const rate = Number(lines[header + 1]!.split(',')[names.indexOf('nMsg.sec')]);
  // The tool times itself from its group join; JVM start-up is left out.
  return { client: 'java', seconds: records / rate, peakRssMiB };
}

const rows: Row[] = [];
try {
  const topic = `bench-consume-${Date.now()}`;
  await new BootstrapClient(bootstrap).createTopic(topic, {
    numPartitions: partitions,
    replicationFactor: 1,
  });
  const produced = await javaTool(
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
      'acks=1',
      'batch.size=262144',
      'linger.ms=5',
    ],
    { fullJit: true, timeoutMs: 1_200_000 },
  );
  if (produced.code !== 0) throw new Error(`ProducerPerformance failed: ${produced.stderr.slice(-500)}`);
  await promisify(execFile)('sync');
  for (let run = 0; run < Number(args.runs); run++) {
    for (const client of args.clients.split(',')) {
      rows.push(client === 'java' ? await java(topic) : await node(client, topic));
      console.error(`run ${run + 1}: ${client} ${rows.at(-1)!.seconds.toFixed(2)} s`);
    }
  }
} finally {
  await harness?.stop();
}

const mib = records / 1024;
console.log(
  `\n${mib} MiB of 1 KiB records, ${partitions} partitions on ${nodes} node(s), medians of ${args.runs}\n`,
);
console.log('| client | MiB/s | records/s | peak RSS MiB | vs lk |');
console.log('| --- | ---: | ---: | ---: | ---: |');
const medians = args.clients.split(',').map((client) => {
  const mine = rows.filter((r) => r.client === client);
  const seconds = mine.map((r) => r.seconds).sort((a, b) => a - b)[Math.floor(mine.length / 2)]!;
  const rss = mine.map((r) => r.peakRssMiB ?? 0);
  return { client, seconds, rss: Math.max(...rss) };
});
const lkSeconds = medians.find((m) => m.client === 'lk')?.seconds ?? Number.NaN;
for (const m of medians) {
  console.log(
    `| ${m.client} | ${(mib / m.seconds).toFixed(1)} | ${Math.round(records / m.seconds)} | ${m.rss.toFixed(0)} | ${(m.seconds / lkSeconds).toFixed(2)}× lk's time |`,
  );
}
