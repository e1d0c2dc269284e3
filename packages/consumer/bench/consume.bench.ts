// Group consumer throughput and produce -> consume latency. Throughput: one member reads N MiB of
// 1 KiB records from 6 partitions (1 node) or 12 partitions (3 nodes, RF 1), with lk, KafkaJS,
// Platformatic (each in a group of its own, default settings) and Kafka's Java ConsumerPerformance.
// The records are written once per cluster by Java's ProducerPerformance; every client reads the
// same topic. Medians of --runs; peak RSS is the Node worker's maxRSS, or the JVM's VmHWM sampled
// from /proc; CPU is each client process's user + system time over its whole life (JVM start-up
// and JIT included), per GiB read: a load-independent figure on a shared machine.
// Latency (first cluster only): lk one record at a time (what Java's EndToEndLatency does, run
// beside it with the same record size and acks) and lk at a fixed rate (--rate records/s).
//
//   node --conditions=@lk/source packages/consumer/bench/consume.bench.ts [--mib 1024] [--nodes 1,3]
//     [--clients lk,java,kafkajs,platformatic] [--runs 3] [--bootstrap host:port (one cluster)]
//     [--latency-records 5000] [--rate 1000] [--latency-seconds 30] [--latency-runs 3]
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { watchCpuSeconds, watchPeakRss } from '@lk/bench-kit';
import { BootstrapClient } from '@lk/client';
import { javaTool, startKafka } from '@lk/kafka-harness';

const { values: args } = parseArgs({
  options: {
    mib: { type: 'string', default: '1024' },
    nodes: { type: 'string', default: '1,3' },
    clients: { type: 'string', default: 'lk,java,kafkajs,platformatic' },
    runs: { type: 'string', default: '3' },
    bootstrap: { type: 'string' },
    'latency-records': { type: 'string', default: '5000' },
    rate: { type: 'string', default: '1000' },
    'latency-seconds': { type: 'string', default: '30' },
    'latency-runs': { type: 'string', default: '3' },
  },
});
const clusters = args.nodes.split(',').map(Number);
if (args.bootstrap !== undefined && clusters.length !== 1)
  throw new Error('--bootstrap needs one --nodes value');
const clients = args.clients.split(',');
const records = Number(args.mib) * 1024;
const mib = records / 1024;
const worker = fileURLToPath(new URL('./consume-worker.ts', import.meta.url));
const latencyWorker = fileURLToPath(new URL('./latency-worker.ts', import.meta.url));
const run = promisify(execFile);

interface Row {
  client: string;
  seconds: number;
  peakRssMiB: number | null;
  cpuSeconds: number | null;
}

/** The last line of a worker's output, as JSON. */
async function nodeWorker<T>(script: string, workerArgs: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, ['--conditions=@lk/source', script, ...workerArgs], {
    maxBuffer: 1 << 20,
    timeout: 1_200_000, // a stuck worker fails the run instead of holding it forever
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}

async function node(client: string, bootstrap: string, topic: string): Promise<Row> {
  const result = await nodeWorker<Omit<Row, 'client'>>(worker, [client, bootstrap, topic, String(records)]);
  return { client, ...result };
}

async function java(bootstrap: string, topic: string): Promise<Row> {
  let rss: ReturnType<typeof watchPeakRss> | null = null;
  let cpu: ReturnType<typeof watchCpuSeconds> | null = null;
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
      // Its default (10 s without a record) ended runs before the group join on a loaded machine.
      '--timeout',
      '120000',
    ],
    {
      fullJit: true,
      timeoutMs: 1_200_000,
      onSpawn: (pid) => {
        rss = watchPeakRss(pid);
        cpu = watchCpuSeconds(pid);
      },
    },
  );
  const peakRssMiB = (rss as ReturnType<typeof watchPeakRss> | null)?.stop() ?? null;
  const cpuSeconds = (cpu as ReturnType<typeof watchCpuSeconds> | null)?.stop() ?? null;
  if (result.code !== 0) throw new Error(`ConsumerPerformance failed: ${result.stderr.slice(-500)}`);
  const lines = result.stdout.trim().split('\n');
  const header = lines.findIndex((l) => l.includes('nMsg.sec'));
  const names = lines[header]!.split(',').map((n) => n.trim());
  const fields = lines[header + 1]!.split(',');
  const read = Number(fields[names.indexOf('data.consumed.in.nMsg')]);
  if (read < records)
    throw new Error(`ConsumerPerformance read ${read} of ${records} records:\n${result.stdout}`);
  const rate = Number(fields[names.indexOf('nMsg.sec')]);
  // The tool times itself from its group join; JVM start-up is left out.
  return { client: 'java', seconds: records / rate, peakRssMiB, cpuSeconds };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function throughput(nodes: number, bootstrap: string): Promise<void> {
  const partitions = nodes === 1 ? 6 : 12;
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
  await run('sync');
  const rows: Row[] = [];
  for (let round = 0; round < Number(args.runs); round++) {
    for (const client of clients) {
      rows.push(client === 'java' ? await java(bootstrap, topic) : await node(client, bootstrap, topic));
      const r = rows.at(-1)!;
      console.error(
        `${nodes} node(s), run ${round + 1}: ${client} ${r.seconds.toFixed(2)} s, CPU ${r.cpuSeconds?.toFixed(2)} s`,
      );
    }
  }
  console.log(
    `\n${mib} MiB of 1 KiB records, ${partitions} partitions on ${nodes} node(s), medians of ${args.runs}\n`,
  );
  console.log('| client | MiB/s | records/s | CPU s/GiB | peak RSS MiB | vs lk |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const medians = clients.map((client) => {
    const mine = rows.filter((r) => r.client === client);
    return {
      client,
      seconds: median(mine.map((r) => r.seconds)),
      cpu: median(mine.map((r) => r.cpuSeconds ?? Number.NaN)),
      rss: Math.max(...mine.map((r) => r.peakRssMiB ?? 0)),
    };
  });
  const lkSeconds = medians.find((m) => m.client === 'lk')?.seconds ?? Number.NaN;
  for (const m of medians) {
    console.log(
      `| ${m.client} | ${(mib / m.seconds).toFixed(1)} | ${Math.round(records / m.seconds)} | ${((m.cpu * 1024) / mib).toFixed(2)} | ${m.rss.toFixed(0)} | ${(m.seconds / lkSeconds).toFixed(2)}× lk's time |`,
    );
  }
}

interface Latency {
  p50: number;
  p99: number;
  p999: number;
}

/** Java's EndToEndLatency: one record at a time, acks=1, 1 KiB; its printed percentiles. */
async function javaLatency(bootstrap: string, topic: string, count: number): Promise<Latency> {
  const result = await javaTool(
    'org.apache.kafka.tools.EndToEndLatency',
    [
      '--bootstrap-server',
      bootstrap,
      '--topic',
      topic,
      '--num-records',
      String(count),
      '--producer-acks',
      '1',
      '--record-size',
      '1024',
    ],
    { fullJit: true, timeoutMs: 1_200_000 },
  );
  if (result.code !== 0) throw new Error(`EndToEndLatency failed: ${result.stderr.slice(-500)}`);
  // "Percentiles: 50th = 1, 99th = 3, 99.9th = 7"
  const m = /50th = ([\d.]+), 99th = ([\d.]+), 99\.9th = ([\d.]+)/.exec(result.stdout);
  if (m === null) throw new Error(`EndToEndLatency printed no percentiles: ${result.stdout.slice(-500)}`);
  return { p50: Number(m[1]), p99: Number(m[2]), p999: Number(m[3]) };
}

async function latency(bootstrap: string): Promise<void> {
  const count = Number(args['latency-records']);
  const rate = Number(args.rate);
  const seconds = Number(args['latency-seconds']);
  const results = new Map<string, Latency[]>();
  const add = (label: string, l: Latency): void => {
    results.set(label, [...(results.get(label) ?? []), l]);
    console.error(`latency: ${label} p50 ${l.p50.toFixed(2)} ms, p99 ${l.p99.toFixed(2)} ms`);
  };
  const pingPong = `one at a time, ${count} records`;
  const fixed = `${rate} records/s for ${seconds} s`;
  for (let round = 0; round < Number(args['latency-runs']); round++) {
    const topic = (what: string) => `bench-latency-${what}-${Date.now()}`;
    const lkTopic = topic('lk');
    await new BootstrapClient(bootstrap).createTopic(lkTopic, { numPartitions: 1, replicationFactor: 1 });
    add(
      `lk|${pingPong}`,
      await nodeWorker<Latency>(latencyWorker, ['pingpong', bootstrap, lkTopic, String(count)]),
    );
    add(`java|${pingPong}`, await javaLatency(bootstrap, topic('java'), count));
    const rateTopic = topic('rate');
    await new BootstrapClient(bootstrap).createTopic(rateTopic, { numPartitions: 1, replicationFactor: 1 });
    add(
      `lk|${fixed}`,
      await nodeWorker<Latency>(latencyWorker, ['rate', bootstrap, rateTopic, String(rate), String(seconds)]),
    );
  }
  console.log(
    `\nproduce -> consume latency, 1 KiB records, acks=1, 1 partition, medians of ${args['latency-runs']}\n`,
  );
  console.log('| client | load | p50 ms | p99 ms | p99.9 ms |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  for (const [label, ls] of results) {
    const [client, load] = label.split('|');
    const f = (k: keyof Latency) => median(ls.map((l) => l[k])).toFixed(2);
    console.log(
      `| ${client === 'java' ? 'Java EndToEndLatency' : client} | ${load} | ${f('p50')} | ${f('p99')} | ${f('p999')} |`,
    );
  }
}

for (const [i, nodes] of clusters.entries()) {
  const harness =
    args.bootstrap === undefined ? await startKafka({ nodes: nodes === 3 ? 3 : 1, heapMb: 1024 }) : null;
  const bootstrap = args.bootstrap ?? harness!.bootstrap;
  try {
    await throughput(nodes, bootstrap);
    if (i === 0 && Number(args['latency-runs']) > 0) await latency(bootstrap);
  } finally {
    await harness?.stop();
  }
}
