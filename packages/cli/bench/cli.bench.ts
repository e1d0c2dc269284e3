// `lk produce` of a file and `lk consume` to /dev/null beside kcat, on one broker of our own:
// the same bytes, the same broker, one after the other (lk then kcat, kcat then lk, ... per
// round), each run after a `sync`, after a round that is not counted (warm-up).
// Wall time, throughput, and the CPU time of each process (bash's `time`: user + sys) per GiB,
// which depends far less on the machine's load than the wall time does.
// lk runs as users run it: the built bin (dist/bin.js; `pnpm bench` builds first).
//   node --conditions=@lk/source bench/cli.bench.ts            # 1 GiB, medians of 4 rounds
//   LK_CLI_BENCH_MIB=256 LK_CLI_BENCH_ROUNDS=1 node --conditions=@lk/source bench/cli.bench.ts
import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSecondsOf } from '@lk/bench-kit';
import { KCAT, startKafka } from '@lk/kafka-harness';

const MIB = Number(process.env.LK_CLI_BENCH_MIB ?? 1024);
const ROUNDS = Number(process.env.LK_CLI_BENCH_ROUNDS ?? 4);
const RECORD_SIZE = 1000; // bytes per line, newline excluded
const PARTITIONS = 3;
const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
if (!existsSync(bin)) throw new Error(`${bin} is missing: run pnpm build first`);
const dir = join(tmpdir(), `lk-cli-bench-${process.pid}`);
mkdirSync(dir, { recursive: true });
const input = join(dir, 'input.txt');
/**
 * Rounds run first and not counted: a young broker spends much of its CPU compiling (JIT) and
 * collecting for the first gigabytes it serves, and on 2 cores that lands on whoever runs then
 * (its fetch path took 3-5x the CPU per GiB of a broker warmed by a gigabyte each way).
 */
const WARM_UP_ROUNDS = Number(process.env.LK_CLI_BENCH_WARM_UP_ROUNDS ?? 1);

/** Lines `i:` + letters, RECORD_SIZE bytes each, written 1000 lines per block (seconds per GiB). */
async function writeInput(path: string, mib: number): Promise<number> {
  const lines = Math.floor((mib * 1024 * 1024) / (RECORD_SIZE + 1));
  const alphabet = Buffer.from('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/');
  const letters = Buffer.alloc(RECORD_SIZE + alphabet.length);
  for (let j = 0; j < letters.length; j++) letters[j] = alphabet[j % alphabet.length]!;
  const out = createWriteStream(path);
  for (let first = 0; first < lines; first += 1000) {
    const count = Math.min(1000, lines - first);
    const block = Buffer.allocUnsafe(count * (RECORD_SIZE + 1));
    for (let k = 0; k < count; k++) {
      const i = first + k;
      const at = k * (RECORD_SIZE + 1);
      letters.copy(block, at, i % alphabet.length, (i % alphabet.length) + RECORD_SIZE);
      block.write(`${i}:`, at, 'latin1');
      block[at + RECORD_SIZE] = 0x0a;
    }
    if (!out.write(block)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  return lines;
}

/**
 * Runs a shell command, returns wall seconds and CPU seconds (user + sys) of the command. The
 * page cache's dirty data (the last gigabyte produced) is written out first: else the run after a
 * produce shares the disk with its writeback, and whoever runs first in a round is slowed.
 */
function timed(command: string): { wall: number; cpu: number; broker: number } {
  execFileSync('sync');
  const brokerBefore = brokerCpu();
  const out = execFileSync(
    'bash',
    ['-c', `TIMEFORMAT='%R %U %S'; { time ${command} ; } 2>&1 >/dev/null | tail -1`],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  const [wall, user, sys] = out.trim().split(/\s+/).map(Number) as [number, number, number];
  return { wall, cpu: user + sys, broker: brokerCpu() - brokerBefore };
}

/** The broker JVM's CPU seconds so far (user + system). */
function brokerCpu(): number {
  const pid = kafka.nodes[0]!.pid;
  const seconds = cpuSecondsOf(pid);
  if (seconds === null) throw new Error(`the broker (pid ${pid}) is gone`);
  return seconds;
}

const kafka = await startKafka({ nodes: 1, heapMb: 1024, dir: join(dir, 'kafka') });
try {
  const lines = await writeInput(input, MIB);
  const bytes = lines * (RECORD_SIZE + 1);
  const lk = `${process.execPath} ${bin}`;
  const b = kafka.bootstrap;
  const results: Record<string, { wall: number; cpu: number; broker: number }[]> = {};
  let counted = false;
  const record = (name: string, r: { wall: number; cpu: number; broker: number }) =>
    counted && (results[name] ??= []).push(r);
  for (let round = -WARM_UP_ROUNDS; round < ROUNDS; round++) {
    counted = round >= 0;
    const lkTopic = `bench-lk-${round}`;
    const kcatTopic = `bench-kcat-${round}`;
    const topics = [lkTopic, kcatTopic, `${lkTopic}-no-idempotence`, `${kcatTopic}-idempotent`];
    for (const t of topics) await kafka.createTopic(t, { partitions: PARTITIONS });
    // Each side's defaults, and each side with the other's where they differ. Both: acks=all,
    // linger 5 ms, batches up to 1,000,000 bytes, no compression. lk is idempotent by default, kcat
    // not (librdkafka's enable.idempotence=false). Consuming: fetches of up to 1 MiB per partition
    // and 50 MiB per request for both; lk checks every batch's CRC (Java's check.crcs), kcat does
    // not by default (librdkafka's check.crcs=false).
    // Who goes first alternates per round, so that neither side always follows the other.
    const inTurn = <T>(runs: T[]) => (((round % 2) + 2) % 2 === 0 ? runs : runs.reverse());
    for (const [name, command] of inTurn<[string, string]>([
      ['produce lk', `${lk} produce ${lkTopic} ${input} -b ${b} -q`],
      ['produce kcat', `${KCAT} -P -b ${b} -t ${kcatTopic} -l ${input}`],
      ['produce lk --no-idempotence', `${lk} produce ${topics[2]} ${input} -b ${b} -q --no-idempotence`],
      [
        'produce kcat idempotent',
        `${KCAT} -P -b ${b} -t ${topics[3]} -l ${input} -X enable.idempotence=true`,
      ],
    ]))
      record(name, timed(command));
    // Both consumers read the same topics: kcat's, then lk's (a topic's spread over its partitions
    // decides how much each fetch brings back).
    for (const [topic, whose] of [
      [kcatTopic, "kcat's topic"],
      [lkTopic, "lk's topic"],
    ]) {
      const runs: [string, string][] = [
        [`consume lk (${whose})`, `${lk} consume ${topic} -b ${b} -o beginning -e -q > /dev/null`],
        [`consume kcat (${whose})`, `${KCAT} -C -b ${b} -t ${topic} -o beginning -e -q > /dev/null`],
      ];
      if (topic === kcatTopic)
        runs.push([
          'consume kcat -X check.crcs=true',
          `${KCAT} -C -b ${b} -t ${topic} -o beginning -e -q -X check.crcs=true > /dev/null`,
        ]);
      for (const [name, command] of inTurn(runs)) record(name, timed(command));
    }
  }
  const mib = bytes / 1024 / 1024;
  const gib = mib / 1024;
  console.log(
    `${lines.toLocaleString('en-US')} records of ${RECORD_SIZE} B (${mib.toFixed(0)} MiB), ${PARTITIONS} partitions, ${ROUNDS} round(s), load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    "settings: acks=all, linger 5 ms, batches up to 1,000,000 B, no compression, fetches up to 1 MiB per partition; by default lk is idempotent and checks CRCs, kcat neither (rows with the other's settings too)",
  );
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  };
  for (const [name, runs] of Object.entries(results)) {
    const wall = median(runs.map((r) => r.wall));
    const cpu = median(runs.map((r) => r.cpu));
    const broker = median(runs.map((r) => r.broker));
    console.log(
      `${name.padEnd(34)} ${wall.toFixed(2).padStart(7)} s  ${(mib / wall).toFixed(1).padStart(7)} MiB/s  cpu ${(cpu / gib).toFixed(2)} s/GiB  broker cpu ${(broker / gib).toFixed(2)} s/GiB  (runs: ${runs.map((r) => r.wall.toFixed(2)).join(' ')} s)`,
    );
  }
  for (const [what, lkRow, kcatRow] of [
    ["produce, each side's defaults", 'produce lk', 'produce kcat'],
    ['produce, neither idempotent', 'produce lk --no-idempotence', 'produce kcat'],
    ['produce, both idempotent', 'produce lk', 'produce kcat idempotent'],
    [
      "consume kcat's topic, each side's defaults",
      "consume lk (kcat's topic)",
      "consume kcat (kcat's topic)",
    ],
    ["consume kcat's topic, both check CRCs", "consume lk (kcat's topic)", 'consume kcat -X check.crcs=true'],
    ["consume lk's topic, each side's defaults", "consume lk (lk's topic)", "consume kcat (lk's topic)"],
  ] as const) {
    const of = (row: string, key: 'wall' | 'cpu') => median(results[row]!.map((r) => r[key]));
    console.log(
      `${what}: lk/kcat throughput ${(of(kcatRow, 'wall') / of(lkRow, 'wall')).toFixed(2)} (≥ 1: lk as fast or faster), CPU per GiB lk/kcat ${(of(lkRow, 'cpu') / of(kcatRow, 'cpu')).toFixed(2)}`,
    );
  }
} finally {
  await kafka.stop();
  rmSync(dir, { recursive: true, force: true });
}
