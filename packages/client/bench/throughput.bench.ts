// Single-partition throughput: produce N MiB of 1 KiB records with acks=1 and acks=-1, then fetch
// them, with lk, KafkaJS, Platformatic and Kafka's Java ProducerPerformance/ConsumerPerformance, on
// the same broker and topic settings (1 partition, RF 1). Each Node client runs in its own process
// (peak RSS = its maxRSS); the Java tools' peak RSS is sampled from /proc (VmHWM).
//
//   node --conditions=@lk/source packages/client/bench/throughput.bench.ts [--mib 256] [--bootstrap host:port]
//     [--clients lk,kafkajs,platformatic,java] [--runs 3]
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { watchPeakRss } from '@lk/bench-kit';
import { javaTool, startKafka } from '@lk/kafka-harness';
import { BootstrapClient } from '../src/index.ts';
import { FETCH_MAX_BYTES, FETCH_MAX_WAIT_MS } from './fetch-settings.ts';

const { values: args } = parseArgs({
  options: {
    mib: { type: 'string', default: '256' },
    bootstrap: { type: 'string' },
    clients: { type: 'string', default: 'lk,kafkajs,platformatic,java' },
    runs: { type: 'string', default: '1' },
  },
});
// Shared cores make single runs noisy: every run is repeated and the median reported.
const repeats = Number(args.runs);
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

/** A client's run over its repeats: median and range of the times, highest peak RSS. */
interface Summary extends Row {
  fastestSeconds: number;
  slowestSeconds: number;
}
const rows: Row[] = [];
/** Row names of the worker's modes other than produce. */
const RUN_NAMES: Record<string, string> = { fetch: 'fetch', 'fetch-reuse': 'fetch (reuseMemory)' };

async function node(client: string, mode: string, topic: string, acks: number): Promise<Row> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=@lk/source', worker, client, mode, bootstrap, topic, String(acks), String(records)],
    { maxBuffer: 1 << 20 },
  );
  const result = JSON.parse(stdout.trim().split('\n').pop()!) as { seconds: number; peakRssMiB: number };
  return {
    client,
    run: RUN_NAMES[mode] ?? `produce acks=${acks}`,
    seconds: result.seconds,
    peakRssMiB: result.peakRssMiB,
  };
}

/**
 * Writes the produced data out to disk before a fetch, so that no fetch competes with the kernel's
 * writeback of the gigabyte just produced (which otherwise slows whichever run comes first).
 */
async function settleWrites(): Promise<void> {
  await promisify(execFile)('sync');
}

/** Runs a Java perf tool, sampling the JVM's peak RSS; the throughput is the tool's own figure. */
async function java(mode: string, topic: string, acks: number): Promise<Row> {
  let rss: ReturnType<typeof watchPeakRss> | null = null;
  const options = {
    fullJit: true,
    timeoutMs: 1_200_000,
    onSpawn: (pid: number) => {
      rss = watchPeakRss(pid);
    },
  };
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
          options,
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
            String(FETCH_MAX_BYTES),
            '--command-property',
            `fetch.max.wait.ms=${FETCH_MAX_WAIT_MS}`,
            '--command-property',
            'fetch.min.bytes=1',
          ],
          options,
        );
  const peakRssMiB = (rss as ReturnType<typeof watchPeakRss> | null)?.stop() ?? null;
  if (result.code !== 0) throw new Error(`java ${mode} failed: ${result.stderr.slice(-500)}`);
  // The tools time themselves from the first send (producer) or the group join (consumer), so JVM
  // start-up is left out, as process start-up is for the Node workers.
  const recordsPerSecond =
    mode === 'produce' ? producerPerformanceRate(result.stdout) : consumerPerformanceRate(result.stdout);
  return {
    client: 'java',
    run: mode === 'produce' ? `produce acks=${acks}` : 'fetch',
    seconds: records / recordsPerSecond,
    peakRssMiB,
  };
}

/** records/sec of ProducerPerformance's final summary line ("N records sent, R records/sec (...)"). */
function producerPerformanceRate(stdout: string): number {
  const lines = stdout.split('\n').filter((l) => /records sent, [\d.]+ records\/sec/.test(l));
  const match = /records sent, ([\d.]+) records\/sec/.exec(lines.at(-1) ?? '');
  if (match === null) throw new Error(`no ProducerPerformance summary in: ${stdout.slice(-500)}`);
  return Number(match[1]);
}

/** nMsg.sec of ConsumerPerformance's CSV output (a header line, then one line of figures). */
function consumerPerformanceRate(stdout: string): number {
  const lines = stdout.trim().split('\n');
  const header = lines.findIndex((l) => l.includes('nMsg.sec'));
  const names = lines[header]?.split(',').map((n) => n.trim()) ?? [];
  const values = lines[header + 1]?.split(',').map((v) => v.trim()) ?? [];
  const rate = Number(values[names.indexOf('nMsg.sec')]);
  if (header < 0 || !(rate > 0)) throw new Error(`no ConsumerPerformance figures in: ${stdout.slice(-500)}`);
  return rate;
}

try {
  for (let repeat = 0; repeat < repeats; repeat++)
    for (const client of clients) {
      for (const acks of [1, -1]) {
        const topic = `bench-${client}-${acks === 1 ? 'a1' : 'all'}-${Date.now()}`;
        await cluster.createTopic(topic, { numPartitions: 1, replicationFactor: 1 });
        rows.push(
          client === 'java' ? await java('produce', topic, acks) : await node(client, 'produce', topic, acks),
        );
        if (acks === -1) {
          // lk fetches twice, by default and with its opt-in memory reuse, taking turns to go first.
          const modes =
            client !== 'lk'
              ? ['fetch']
              : repeat % 2 === 0
                ? ['fetch', 'fetch-reuse']
                : ['fetch-reuse', 'fetch'];
          for (const mode of modes) {
            await settleWrites();
            rows.push(
              client === 'java' ? await java(mode, topic, acks) : await node(client, mode, topic, acks),
            );
          }
        }
      }
    }
} finally {
  await harness?.stop();
}

const mib = records / 1024;
/** One line per client and run: the median time of its repeats and the highest peak RSS. */
function summarise(all: readonly Row[]): Summary[] {
  const groups = new Map<string, Row[]>();
  for (const r of all) groups.set(`${r.client} ${r.run}`, [...(groups.get(`${r.client} ${r.run}`) ?? []), r]);
  return [...groups.values()].map((group) => {
    const seconds = group.map((r) => r.seconds).sort((a, b) => a - b);
    const rss = group.map((r) => r.peakRssMiB).filter((m): m is number => m !== null);
    return {
      client: group[0]!.client,
      run: group[0]!.run,
      seconds: seconds[Math.floor(seconds.length / 2)]!,
      fastestSeconds: seconds[0]!,
      slowestSeconds: seconds.at(-1)!,
      peakRssMiB: rss.length === 0 ? null : Math.max(...rss),
    };
  });
}
const summary = summarise(rows);
const rateOf = (client: string, run: string): number | undefined => {
  // Every fetch variant is compared with the peers' one fetch.
  const peerRun = run.startsWith('fetch') ? 'fetch' : run;
  const row = summary.find((r) => r.client === client && r.run === peerRun);
  return row === undefined ? undefined : records / row.seconds;
};
const ratio = (rate: number, other: number | undefined): string =>
  other === undefined ? '' : `${(rate / other).toFixed(2)}x`;
console.log(
  `\n${mib} MiB in ${records} records of 1 KiB, one partition, median of ${repeats} run(s), ${new Date().toISOString()}\n`,
);
console.log('| client | run | MiB/s | MiB/s range | records/s | peak RSS MiB | vs kafkajs | vs java |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const r of summary) {
  const rate = records / r.seconds;
  console.log(
    `| ${r.client} | ${r.run} | ${(mib / r.seconds).toFixed(1)} | ${(mib / r.slowestSeconds).toFixed(0)}–${(mib / r.fastestSeconds).toFixed(0)} | ${rate.toFixed(0)} | ${r.peakRssMiB === null ? 'n/a' : r.peakRssMiB.toFixed(0)} | ${ratio(rate, rateOf('kafkajs', r.run))} | ${ratio(rate, rateOf('java', r.run))} |`,
  );
}
