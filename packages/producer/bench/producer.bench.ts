// Multi-partition producer throughput and latency: lk's Producer beside Kafka's Java
// ProducerPerformance, KafkaJS and @platformatic/kafka, on the same cluster, topic settings, linger
// (5 ms), batch size (16 KiB) and compression (none). Each Node client runs in its own process (peak
// RSS = its maxRSS); the JVM's peak RSS is sampled from /proc (VmHWM). Keyless records.
//
//   node --conditions=@lk/source packages/producer/bench/producer.bench.ts [--mib 1024] [--small-mib 256]
//     [--nodes 1,3] [--clients lk,java,kafkajs,platformatic] [--runs 3] [--rate 20000] [--latency-seconds 30]
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { watchPeakRss } from '@lk/bench-kit';
import { javaTool, type KafkaCluster, startKafka } from '@lk/kafka-harness';

const { values: args } = parseArgs({
  options: {
    mib: { type: 'string', default: '1024' },
    'small-mib': { type: 'string', default: '256' },
    nodes: { type: 'string', default: '1,3' },
    clients: { type: 'string', default: 'lk,java,kafkajs,platformatic' },
    runs: { type: 'string', default: '3' },
    rate: { type: 'string', default: '20000' },
    'latency-seconds': { type: 'string', default: '30' },
  },
});
const runs = Number(args.runs);
const clients = args.clients.split(',');
const shapes = [
  { recordSize: 1024, records: Number(args.mib) * 1024 },
  { recordSize: 100, records: Math.floor((Number(args['small-mib']) * 1048576) / 100) },
];
const worker = fileURLToPath(new URL('./producer-worker.ts', import.meta.url));

interface Row {
  setup: string;
  client: string;
  seconds: number[];
  rss: number[];
  records: number;
  recordSize: number;
  percentiles?: number[];
}
const rows = new Map<string, Row>();
function note(
  setup: string,
  client: string,
  records: number,
  recordSize: number,
  seconds: number,
  rss: number | null,
  percentiles?: number[],
): void {
  const key = `${setup}|${client}`;
  const row = rows.get(key) ?? { setup, client, seconds: [], rss: [], records, recordSize };
  row.seconds.push(seconds);
  if (rss !== null) row.rss.push(rss);
  if (percentiles) row.percentiles = percentiles;
  rows.set(key, row);
}

/** One producer run: where, what and how fast (records/s; none: as fast as possible). */
interface RunSpec {
  bootstrap: string;
  topic: string;
  acks: number;
  records: number;
  size: number;
  rate?: number;
}

async function nodeRun(client: string, spec: RunSpec) {
  const { bootstrap, topic, acks, records, size, rate } = spec;
  const argv = ['--conditions=@lk/source', worker, client, bootstrap, topic];
  argv.push(...[acks, records, size, ...(rate === undefined ? [] : [rate])].map(String));
  const { stdout } = await promisify(execFile)(process.execPath, argv, { maxBuffer: 1 << 20 });
  const last = stdout.trim().split('\n').pop()!;
  return JSON.parse(last) as { seconds: number; peakRssMiB: number; percentiles: number[] | null };
}

async function javaRun(spec: RunSpec) {
  const { bootstrap, topic, acks, records, size, rate } = spec;
  let rss: ReturnType<typeof watchPeakRss> | null = null;
  const flags = { topic, 'num-records': records, 'record-size': size, throughput: rate ?? -1 };
  const props = {
    'bootstrap.servers': bootstrap,
    acks: acks === -1 ? 'all' : acks,
    'enable.idempotence': acks === -1,
    'linger.ms': 5,
    'batch.size': 16_384,
    'compression.type': 'none',
  };
  const result = await javaTool(
    'org.apache.kafka.tools.ProducerPerformance',
    [
      ...Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, String(value)]),
      '--producer-props',
      ...Object.entries(props).map(([key, value]) => `${key}=${value}`),
    ],
    { fullJit: true, heapMb: 1024, timeoutMs: 1_800_000, onSpawn: (pid) => (rss = watchPeakRss(pid)) },
  );
  const peak = (rss as ReturnType<typeof watchPeakRss> | null)?.stop() ?? null;
  if (result.code !== 0) throw new Error(`ProducerPerformance failed: ${result.stderr.slice(-500)}`);
  // "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency, p50 ms 50th, p95 ms 95th, p99 ms 99th, p999 ms 99.9th."
  const summary =
    result.stdout
      .split('\n')
      .filter((l) => /records sent, [\d.]+ records\/sec/.test(l))
      .at(-1) ?? '';
  const rateMatch = /records sent, ([\d.]+) records\/sec/.exec(summary);
  const pct = /(\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99\.9th/.exec(summary);
  if (rateMatch === null) throw new Error(`no ProducerPerformance summary in ${result.stdout.slice(-500)}`);
  return {
    seconds: records / Number(rateMatch[1]),
    peakRssMiB: peak,
    percentiles: pct === null ? null : [Number(pct[1]), Number(pct[3]), Number(pct[4])],
  };
}

async function createTopic(cluster: KafkaCluster, partitions: number, tag: string): Promise<string> {
  const topic = `bench-${tag}-${Date.now()}`;
  await cluster.createTopic(topic, { partitions, replicationFactor: cluster.nodes.length });
  return topic;
}

for (const nodes of args.nodes.split(',').map((n) => (n === '3' ? 3 : 1))) {
  const cluster = await startKafka({ nodes, heapMb: nodes === 1 ? 1024 : 512 });
  const partitions = nodes === 1 ? 6 : 12;
  try {
    for (let run = 0; run < runs; run++) {
      for (const { recordSize, records } of shapes) {
        for (const acks of [1, -1]) {
          const setup = `${nodes} node${nodes > 1 ? 's' : ''}, ${partitions} partitions, ${records * recordSize >= 1 << 30 ? `${(records * recordSize) / (1 << 30)} GiB` : `${Math.round((records * recordSize) / 1048576)} MiB`} of ${recordSize} B, acks=${acks}`;
          // Clients take turns going first, so no client always meets the freshest page cache.
          const order = clients.map((_, i) => clients[(i + run) % clients.length]!);
          for (const client of order) {
            const topic = await createTopic(cluster, partitions, client);
            const result =
              client === 'java'
                ? await javaRun({ bootstrap: cluster.bootstrap, topic, acks, records, size: recordSize })
                : await nodeRun(client, {
                    bootstrap: cluster.bootstrap,
                    topic,
                    acks,
                    records,
                    size: recordSize,
                  });
            note(setup, client, records, recordSize, result.seconds, result.peakRssMiB);
            console.error(
              `${setup} ${client}: ${((records * recordSize) / 1048576 / result.seconds).toFixed(1)} MiB/s`,
            );
          }
        }
      }
    }
    if (nodes === 1) {
      const rate = Number(args.rate);
      const records = rate * Number(args['latency-seconds']);
      const setup = `latency: ${rate} records/s of 1 KiB, acks=-1, ${partitions} partitions`;
      for (const client of clients.filter((c) => c === 'lk' || c === 'java')) {
        const topic = await createTopic(cluster, partitions, `latency-${client}`);
        const result =
          client === 'java'
            ? await javaRun({ bootstrap: cluster.bootstrap, topic, acks: -1, records, size: 1024, rate })
            : await nodeRun(client, {
                bootstrap: cluster.bootstrap,
                topic,
                acks: -1,
                records,
                size: 1024,
                rate,
              });
        note(
          setup,
          client,
          records,
          1024,
          result.seconds,
          result.peakRssMiB,
          result.percentiles ?? undefined,
        );
        console.error(
          `${setup} ${client}: p50/p99/p99.9 ${result.percentiles?.map((p) => p.toFixed(1)).join('/')} ms`,
        );
      }
    }
  } finally {
    await cluster.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`\nProducer benchmark, median of ${runs} run(s), ${new Date().toISOString()}\n`);
console.log('| setup | client | MiB/s | records/s | peak RSS MiB | lk ÷ client |');
console.log('|---|---|---:|---:|---:|---:|');
for (const row of rows.values()) {
  if (row.percentiles) continue;
  const seconds = median(row.seconds);
  const lk = rows.get(`${row.setup}|lk`);
  const ratio = lk && row.client !== 'lk' ? (seconds / median(lk.seconds)).toFixed(2) : '';
  const mibs = (row.records * row.recordSize) / 1048576 / seconds;
  console.log(
    `| ${row.setup} | ${row.client} | ${mibs.toFixed(1)} | ${(row.records / seconds).toFixed(0)} | ${row.rss.length ? Math.max(...row.rss).toFixed(0) : 'n/a'} | ${ratio} |`,
  );
}
console.log('\n| latency run | client | p50 ms | p99 ms | p99.9 ms | peak RSS MiB |');
console.log('|---|---|---:|---:|---:|---:|');
for (const row of rows.values()) {
  if (!row.percentiles) continue;
  const [p50, p99, p999] = row.percentiles;
  console.log(
    `| ${row.setup} | ${row.client} | ${p50!.toFixed(1)} | ${p99!.toFixed(1)} | ${p999!.toFixed(1)} | ${row.rss.length ? Math.max(...row.rss).toFixed(0) : 'n/a'} |`,
  );
}
