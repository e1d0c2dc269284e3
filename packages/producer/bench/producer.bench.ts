// Multi-partition producer throughput and latency: lk's Producer beside Kafka's Java
// ProducerPerformance, KafkaJS and @platformatic/kafka, on the same cluster, topic settings, linger
// (5 ms) and compression (none). lk and Java run at each of `--batch-sizes` (Java's default 16 KiB,
// and 1 MiB: about what KafkaJS and Platformatic, which have no batch size, send per request, since
// they put a whole call into one batch per partition). Each Node client runs in its own process (peak
// RSS = its maxRSS, CPU = its user + system time); the JVM's peak RSS (VmHWM) and CPU time are
// sampled from /proc, and so is the brokers' CPU time over each run. Keyless records. Each run's
// topic is deleted after it (a full run writes ~150 GiB with RF 3), and the end prints the README's
// tables, ready to paste.
//
//   node --conditions=@lk/source packages/producer/bench/producer.bench.ts [--mib 1024] [--small-mib 256]
//     [--nodes 1,3] [--clients lk,java,kafkajs,platformatic] [--batch-sizes 16384,1048576] [--runs 3]
//     [--rate 20000] [--latency-seconds 30]
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { Admin } from '@lk/admin';
import { cpuSecondsOf, watchCpuSeconds, watchPeakRss } from '@lk/bench-kit';
import { javaTool, type KafkaCluster, startKafka } from '@lk/kafka-harness';

const { values: args } = parseArgs({
  options: {
    mib: { type: 'string', default: '1024' },
    'small-mib': { type: 'string', default: '256' },
    nodes: { type: 'string', default: '1,3' },
    clients: { type: 'string', default: 'lk,java,kafkajs,platformatic' },
    'batch-sizes': { type: 'string', default: '16384,1048576' },
    runs: { type: 'string', default: '3' },
    rate: { type: 'string', default: '20000' },
    'latency-seconds': { type: 'string', default: '30' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  // The usage is the comment at the top of this file.
  const lines = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n');
  const usage = lines.slice(
    0,
    lines.findIndex((line) => !line.startsWith('//')),
  );
  console.log(usage.map((line) => line.replace(/^\/\/ ?/, '')).join('\n'));
  console.log('The latency run (--rate, --latency-seconds) runs on the 1-node cluster only.');
  process.exit(0);
}
const runs = Number(args.runs);
const clients = args.clients.split(',');
const batchSizes = args['batch-sizes'].split(',').map(Number);
/** The clients with a batch size run once per batch size; the others once. */
const BATCHING = new Set(['lk', 'java']);
const sizeLabel = (bytes: number) => (bytes >= 1048576 ? `${bytes / 1048576} MiB` : `${bytes / 1024} KiB`);
/** Each run of a setup: a client, at a batch size when it has one. */
const variants = clients.flatMap((client) =>
  BATCHING.has(client)
    ? batchSizes.map((batchSize) => ({ client, batchSize, label: `${client} ${sizeLabel(batchSize)}` }))
    : [{ client, batchSize: 0, label: client }],
);
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
  /** CPU seconds of the client process and of the brokers, per run. */
  cpu: number[];
  brokerCpu: number[];
  records: number;
  recordSize: number;
  percentiles?: number[];
}
const rows = new Map<string, Row>();
interface Measured {
  seconds: number;
  peakRssMiB: number | null;
  cpuSeconds: number | null;
  brokerCpuSeconds: number;
  percentiles?: number[] | null;
}

function note(setup: string, client: string, records: number, recordSize: number, result: Measured): void {
  const key = `${setup}|${client}`;
  const row = rows.get(key) ?? {
    setup,
    client,
    seconds: [],
    rss: [],
    cpu: [],
    brokerCpu: [],
    records,
    recordSize,
  };
  row.seconds.push(result.seconds);
  if (result.peakRssMiB !== null) row.rss.push(result.peakRssMiB);
  if (result.cpuSeconds !== null) row.cpu.push(result.cpuSeconds);
  row.brokerCpu.push(result.brokerCpuSeconds);
  if (result.percentiles) row.percentiles = result.percentiles;
  rows.set(key, row);
}

/** One producer run: where, what and how fast (records/s; none: as fast as possible). */
interface RunSpec {
  bootstrap: string;
  topic: string;
  acks: number;
  records: number;
  size: number;
  batchSize: number;
  rate?: number;
}

async function nodeRun(client: string, spec: RunSpec) {
  const { bootstrap, topic, acks, records, size, batchSize, rate } = spec;
  const argv = ['--conditions=@lk/source', worker, client, bootstrap, topic];
  argv.push(...[acks, records, size, batchSize, ...(rate === undefined ? [] : [rate])].map(String));
  const { stdout } = await promisify(execFile)(process.execPath, argv, { maxBuffer: 1 << 20 });
  const last = stdout.trim().split('\n').pop()!;
  return JSON.parse(last) as {
    seconds: number;
    peakRssMiB: number;
    cpuSeconds: number;
    percentiles: number[] | null;
  };
}

async function javaRun(spec: RunSpec) {
  const { bootstrap, topic, acks, records, size, batchSize, rate } = spec;
  let rss: ReturnType<typeof watchPeakRss> | null = null;
  let cpu: ReturnType<typeof watchCpuSeconds> | null = null;
  const flags = { topic, 'num-records': records, 'record-size': size, throughput: rate ?? -1 };
  const props = {
    'bootstrap.servers': bootstrap,
    acks: acks === -1 ? 'all' : acks,
    'enable.idempotence': acks === -1,
    'linger.ms': 5,
    'batch.size': batchSize,
    'compression.type': 'none',
  };
  const result = await javaTool(
    'org.apache.kafka.tools.ProducerPerformance',
    [
      ...Object.entries(flags).flatMap(([flag, value]) => [`--${flag}`, String(value)]),
      '--producer-props',
      ...Object.entries(props).map(([key, value]) => `${key}=${value}`),
    ],
    {
      fullJit: true,
      heapMb: 1024,
      timeoutMs: 1_800_000,
      onSpawn: (pid) => {
        rss = watchPeakRss(pid);
        cpu = watchCpuSeconds(pid);
      },
    },
  );
  const peak = (rss as ReturnType<typeof watchPeakRss> | null)?.stop() ?? null;
  const cpuSeconds = (cpu as ReturnType<typeof watchCpuSeconds> | null)?.stop() ?? null;
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
    cpuSeconds,
    percentiles: pct === null ? null : [Number(pct[1]), Number(pct[3]), Number(pct[4])],
  };
}

async function createTopic(cluster: KafkaCluster, partitions: number, tag: string): Promise<string> {
  const topic = `bench-${tag}-${Date.now()}`;
  await cluster.createTopic(topic, { partitions, replicationFactor: cluster.nodes.length });
  return topic;
}

/** One run of `client` into a fresh topic (deleted after it), with the brokers' CPU time over it. */
async function measure(
  cluster: KafkaCluster,
  admin: Admin,
  partitions: number,
  client: string,
  spec: Omit<RunSpec, 'bootstrap' | 'topic'>,
): Promise<Measured> {
  const topic = await createTopic(cluster, partitions, client);
  const brokerCpu = () => cluster.nodes.reduce((sum, node) => sum + (cpuSecondsOf(node.pid) ?? 0), 0);
  const before = brokerCpu();
  const full = { ...spec, bootstrap: cluster.bootstrap, topic };
  const result = client === 'java' ? await javaRun(full) : await nodeRun(client, full);
  const brokerCpuSeconds = brokerCpu() - before;
  await admin.deleteTopics([topic], { throwOnError: true });
  return { ...result, brokerCpuSeconds };
}

const benchStarted = performance.now();
const elapsed = () => `${((performance.now() - benchStarted) / 60_000).toFixed(1)} min`;
const loads: number[] = [];
for (const nodes of args.nodes.split(',').map((n) => (n === '3' ? 3 : 1))) {
  const cluster = await startKafka({ nodes, heapMb: nodes === 1 ? 1024 : 512 });
  const admin = new Admin({ bootstrap: cluster.bootstrap });
  const partitions = nodes === 1 ? 6 : 12;
  console.error(`[${elapsed()}] ${nodes} node(s) started`);
  try {
    for (let run = 0; run < runs; run++) {
      for (const { recordSize, records } of shapes) {
        for (const acks of [1, -1]) {
          const bytes = records * recordSize;
          const amount = bytes >= 1 << 30 ? `${bytes / (1 << 30)} GiB` : `${Math.round(bytes / 1048576)} MiB`;
          const setup = `${nodes} node${nodes > 1 ? 's' : ''}, ${partitions} partitions, ${amount} of ${recordSize} B, acks=${acks}`;
          // Clients take turns going first, so no client always meets the freshest page cache.
          const order = variants.map((_, i) => variants[(i + run) % variants.length]!);
          for (const { client, batchSize, label } of order) {
            loads.push(loadavg()[0]!);
            const result = await measure(cluster, admin, partitions, client, {
              acks,
              records,
              size: recordSize,
              batchSize,
            });
            // ProducerPerformance prints percentiles of every run: only the latency run's are reported.
            note(setup, label, records, recordSize, { ...result, percentiles: null });
            const mibs = (bytes / 1048576 / result.seconds).toFixed(1);
            console.error(`[${elapsed()}] run ${run + 1}/${runs} ${setup} ${label}: ${mibs} MiB/s`);
          }
        }
      }
    }
    if (nodes === 1) {
      const rate = Number(args.rate);
      const records = rate * Number(args['latency-seconds']);
      const setup = `latency: ${rate} records/s of 1 KiB, acks=-1, ${partitions} partitions, batch 16 KiB`;
      for (const client of clients.filter((c) => BATCHING.has(c))) {
        const spec = { acks: -1, records, size: 1024, batchSize: 16_384, rate };
        const result = await measure(cluster, admin, partitions, client, spec);
        note(setup, client, records, 1024, result);
        const pct = result.percentiles?.map((p) => p.toFixed(1)).join('/');
        console.error(`[${elapsed()}] ${setup} ${client}: p50/p99/p99.9 ${pct} ms`);
      }
    }
  } finally {
    admin.close();
    await cluster.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const gib = (row: Row) => (row.records * row.recordSize) / 2 ** 30;
const perGiB = (cpu: number[], row: Row) => (cpu.length === 0 ? 'n/a' : (median(cpu) / gib(row)).toFixed(1));
const peak = (row: Row) => (row.rss.length ? Math.max(...row.rss).toFixed(0) : 'n/a');
const mibPerSecond = (row: Row) => (row.records * row.recordSize) / 1048576 / median(row.seconds);
const throughputRows = [...rows.values()].filter((row) => !row.percentiles);
const setups = [...new Set(throughputRows.map((row) => row.setup))];
const labels = variants.map((v) => v.label);
const cell = (setup: string, label: string, show: (row: Row) => string) => {
  const row = rows.get(`${setup}|${label}`);
  return row === undefined ? '' : show(row);
};
/** A table of setups (rows) by client (columns), one figure per cell. */
function pivot(title: string, show: (row: Row) => string): void {
  console.log(`\n| ${title} | ${labels.join(' | ')} |`);
  console.log(`|---|${labels.map(() => '---:|').join('')}`);
  for (const setup of setups)
    console.log(`| ${setup} | ${labels.map((l) => cell(setup, l, show)).join(' | ')} |`);
}
/** lk at `batchSize` ÷ `other` (MiB/s, medians), with the target it must meet. */
const targets = [
  ...batchSizes.map((b) => ({ lk: `lk ${sizeLabel(b)}`, other: `java ${sizeLabel(b)}`, factor: 1 })),
  { lk: `lk ${sizeLabel(Math.max(...batchSizes))}`, other: 'kafkajs', factor: 3 },
  { lk: `lk ${sizeLabel(Math.max(...batchSizes))}`, other: 'platformatic', factor: 1 },
].filter((t) => labels.includes(t.lk) && labels.includes(t.other));

const minutes = ((performance.now() - benchStarted) / 60_000).toFixed(0);
console.log(
  `\nProducer benchmark, median of ${runs} run(s), ${new Date().toISOString()}, ${minutes} min in all`,
);
console.log(
  `Command: node --conditions=@lk/source packages/producer/bench/producer.bench.ts ${process.argv.slice(2).join(' ')}`,
);
const load = loads.length ? `${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}` : 'n/a';
console.log(
  `Machine: ${navigator.hardwareConcurrency} cores, 1-minute load average ${load} at the runs' starts.`,
);
pivot('MiB/s', (row) => mibPerSecond(row).toFixed(1));
pivot('records/s', (row) => (row.records / median(row.seconds)).toFixed(0));
pivot('peak RSS MiB', peak);
console.log(
  '\nCPU s/GiB: user + system seconds of the client process (start-up included) / of the brokers, per GiB of record payload.',
);
pivot('CPU s/GiB, client / brokers', (row) => `${perGiB(row.cpu, row)} / ${perGiB(row.brokerCpu, row)}`);
if (targets.length > 0) {
  const heads = targets.map((t) => `${t.lk} ÷ ${t.other} (≥ ${t.factor})`);
  console.log(`\n| targets: MiB/s ratio | ${heads.join(' | ')} |`);
  console.log(`|---|${heads.map(() => '---:|').join('')}`);
  for (const setup of setups) {
    const ratios = targets.map(({ lk, other, factor }) => {
      const [a, b] = [rows.get(`${setup}|${lk}`), rows.get(`${setup}|${other}`)];
      if (a === undefined || b === undefined) return '';
      const ratio = mibPerSecond(a) / mibPerSecond(b);
      return `${ratio.toFixed(2)}${ratio >= factor ? '' : ' (missed)'}`;
    });
    console.log(`| ${setup} | ${ratios.join(' | ')} |`);
  }
}
const latencyRows = [...rows.values()].filter((row) => row.percentiles);
// The latency run is made on 1 node only: a 3-node run has no latency table.
if (latencyRows.length > 0) {
  console.log('\n| latency run | client | p50 ms | p99 ms | p99.9 ms | peak RSS MiB |');
  console.log('|---|---|---:|---:|---:|---:|');
}
for (const row of latencyRows) {
  const [p50, p99, p999] = row.percentiles!;
  console.log(
    `| ${row.setup} | ${row.client} | ${p50!.toFixed(1)} | ${p99!.toFixed(1)} | ${p999!.toFixed(1)} | ${peak(row)} |`,
  );
}
