// How fast lk moves data through @lk/fake: PartitionProducer (acks=1, 512 KiB batches of 1 KiB
// records, built in the loop) into a fake partition, then PartitionFetcher reading it all back.
// Targets: produce >= 200 MiB/s, fetch >= 400 MiB/s. Two setups, each run `--runs` times:
// - split: the fake in a child process, so that the CPU time of each side is measured apart
//   (process.cpuUsage of each process), reported as CPU seconds per GiB moved;
// - inline: fake and client in one process and one thread, as a test runs them.
//
//   node --conditions=@lk/source packages/client/bench/fake.bench.ts [--mib 256] [--runs 3] [--setups split,inline]
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Builder } from '@lk/batch';
import { FakeCluster } from '@lk/fake';
import { PartitionFetcher, PartitionProducer } from '../src/index.ts';

const { values: args } = parseArgs({
  options: {
    mib: { type: 'string', default: '256' },
    runs: { type: 'string', default: '3' },
    setups: { type: 'string', default: 'split,inline' },
  },
});
const MIB = Number(args.mib);
const RUNS = Number(args.runs);
const RECORD_SIZE = 1024;
const PER_BATCH = 512;
const TOTAL_RECORDS = MIB * 1024;
const value = Buffer.alloc(RECORD_SIZE, 7);

/** CPU seconds (user and system) of a process so far. */
type CpuClock = () => Promise<number>;
const cpuSeconds = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1e6;
const ownCpu: CpuClock = async () => cpuSeconds(process.cpuUsage());

interface Phase {
  mibPerSecond: number;
  /** CPU seconds per GiB moved, of the client's process and of the fake's (null: the same process). */
  clientCpuPerGiB: number;
  fakeCpuPerGiB: number | null;
}

async function measure(run: () => Promise<void>, fakeCpu: CpuClock | null): Promise<Phase> {
  const [client0, fake0] = [await ownCpu(), await fakeCpu?.()];
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  const [client1, fake1] = [await ownCpu(), await fakeCpu?.()];
  const gib = MIB / 1024;
  return {
    mibPerSecond: MIB / seconds,
    clientCpuPerGiB: (client1 - client0) / gib,
    fakeCpuPerGiB: fake0 === undefined || fake1 === undefined ? null : (fake1 - fake0) / gib,
  };
}

async function produceAll(bootstrap: string): Promise<void> {
  const producer = new PartitionProducer({ bootstrap, topic: 'bench', partition: 0, acks: 1 });
  try {
    for (let sent = 0; sent < TOTAL_RECORDS; sent += PER_BATCH) {
      const builder = new Builder();
      for (let i = 0; i < Math.min(PER_BATCH, TOTAL_RECORDS - sent); i++) builder.add({ value });
      await producer.produce(builder.build());
    }
  } finally {
    producer.close();
  }
}

async function fetchAll(bootstrap: string): Promise<void> {
  const fetcher = new PartitionFetcher({
    bootstrap,
    topic: 'bench',
    partition: 0,
    maxBytes: 16 << 20,
    maxWaitMs: 100,
  });
  let received = 0;
  try {
    for await (const { records } of fetcher.records()) {
      received += records.length;
      if (received >= TOTAL_RECORDS) break;
    }
  } finally {
    fetcher.close();
  }
}

/** The fake in a child process, with a clock of its CPU time. */
async function childFake(): Promise<{ bootstrap: string; cpu: CpuClock; close(): Promise<void> }> {
  const child = fork(fileURLToPath(new URL('./fake-server.ts', import.meta.url)), {
    execArgv: ['--conditions=@lk/source'],
  });
  const [{ bootstrap }] = (await once(child, 'message')) as [{ bootstrap: string }];
  const cpu: CpuClock = async () => {
    child.send('cpu');
    const [reply] = (await once(child, 'message')) as [{ cpu: NodeJS.CpuUsage; errors: number }];
    if (reply.errors > 0) throw new Error('the fake recorded server errors');
    return cpuSeconds(reply.cpu);
  };
  return {
    bootstrap,
    cpu,
    close: async () => {
      child.send('close');
      await once(child, 'exit');
    },
  };
}

const results = new Map<string, Phase[]>();
const add = (name: string, phase: Phase): void => {
  results.set(name, [...(results.get(name) ?? []), phase]);
};
const loadBefore = loadavg()[0]!;
for (let run = 0; run < RUNS; run++) {
  for (const setup of args.setups.split(',')) {
    if (setup === 'split') {
      const fake = await childFake();
      add('split produce', await measure(() => produceAll(fake.bootstrap), fake.cpu));
      add('split fetch', await measure(() => fetchAll(fake.bootstrap), fake.cpu));
      await fake.close();
    } else if (setup === 'inline') {
      const cluster = await FakeCluster.start({ topics: { bench: { partitions: 1 } }, retentionBytes: -1 });
      add('inline produce', await measure(() => produceAll(cluster.bootstrap), null));
      add('inline fetch', await measure(() => fetchAll(cluster.bootstrap), null));
      if (cluster.serverErrors.length > 0) throw cluster.serverErrors[0];
      await cluster.close();
    } else throw new RangeError(`--setups: unknown setup ${setup}`);
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const TARGET: Record<string, number> = { produce: 200, fetch: 400 };
console.log(
  `@lk/fake, ${MIB} MiB of ${RECORD_SIZE}-byte records, ${RUNS} runs (medians); load average ${loadBefore.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)} on ${navigator.hardwareConcurrency} cores`,
);
for (const [name, phases] of results) {
  const rate = median(phases.map((p) => p.mibPerSecond));
  const runs = phases.map((p) => p.mibPerSecond.toFixed(0)).join(', ');
  const fakeCpu = phases[0]!.fakeCpuPerGiB === null ? null : median(phases.map((p) => p.fakeCpuPerGiB!));
  // Inline, one thread does the work: 1 GiB over the process's CPU time is a lower bound of an
  // idle core's rate (GC helper threads add CPU time), which the machine's load hardly changes.
  const clientCpu = median(phases.map((p) => p.clientCpuPerGiB));
  const cpu =
    fakeCpu === null
      ? `CPU ${clientCpu.toFixed(2)} s/GiB (client and fake in one process: ${(1024 / clientCpu).toFixed(0)} MiB/s CPU-bound)`
      : `CPU s/GiB: client ${clientCpu.toFixed(2)}, fake ${fakeCpu.toFixed(2)}`;
  const target = TARGET[name.split(' ')[1]!]!;
  console.log(
    `  ${name.padEnd(15)} ${rate.toFixed(0).padStart(4)} MiB/s (runs ${runs}; target >= ${target})  ${cpu}`,
  );
}
