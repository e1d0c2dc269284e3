// `lk produce` of a file and `lk consume` to /dev/null beside kcat, on one broker of our own:
// the same bytes, the same broker, one after the other (lk, kcat, lk, kcat ... per round).
// Wall time, throughput, and the CPU time of each process (bash's `time`: user + sys).
//   node --conditions=@lk/source bench/cli.bench.ts            # 1 GiB, 1 round
//   LK_CLI_BENCH_MIB=256 LK_CLI_BENCH_ROUNDS=3 node --conditions=@lk/source bench/cli.bench.ts
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KCAT, startKafka } from '@lk/kafka-harness';

const MIB = Number(process.env.LK_CLI_BENCH_MIB ?? 1024);
const ROUNDS = Number(process.env.LK_CLI_BENCH_ROUNDS ?? 1);
const RECORD_SIZE = 1000; // bytes per line, newline excluded
const PARTITIONS = 3;
const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const dir = join(tmpdir(), `lk-cli-bench-${process.pid}`);
mkdirSync(dir, { recursive: true });
const input = join(dir, 'input.txt');

async function writeInput(): Promise<number> {
  const lines = Math.floor((MIB * 1024 * 1024) / (RECORD_SIZE + 1));
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/';
  const out = createWriteStream(input);
  const block: string[] = [];
  for (let i = 0; i < lines; i++) {
    let line = `${i}:`;
    while (line.length < RECORD_SIZE) line += alphabet[(i * 7 + line.length * 13) % 64];
    block.push(line);
    if (block.length === 1000 || i === lines - 1) {
      if (!out.write(`${block.join('\n')}\n`)) await new Promise((r) => out.once('drain', r));
      block.length = 0;
    }
  }
  await new Promise((r) => out.end(r));
  return lines;
}

/** Runs a shell command, returns wall seconds and CPU seconds (user + sys) of the command. */
function timed(command: string): { wall: number; cpu: number } {
  const out = execFileSync(
    'bash',
    ['-c', `TIMEFORMAT='%R %U %S'; { time ${command} ; } 2>&1 >/dev/null | tail -1`],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  const [wall, user, sys] = out.trim().split(/\s+/).map(Number) as [number, number, number];
  return { wall, cpu: user + sys };
}

const kafka = await startKafka({ nodes: 1, heapMb: 1024, dir: join(dir, 'kafka') });
try {
  const lines = await writeInput();
  const bytes = lines * (RECORD_SIZE + 1);
  const lk = `${process.execPath} --conditions=@lk/source ${bin}`;
  const b = kafka.bootstrap;
  const results: Record<string, { wall: number; cpu: number }[]> = {};
  const record = (name: string, r: { wall: number; cpu: number }) => (results[name] ??= []).push(r);
  for (let round = 0; round < ROUNDS; round++) {
    const lkTopic = `bench-lk-${round}`;
    const kcatTopic = `bench-kcat-${round}`;
    for (const t of [lkTopic, kcatTopic]) await kafka.createTopic(t, { numPartitions: PARTITIONS });
    // Each side's defaults: acks=all; lk idempotent (its default), kcat not (librdkafka's default).
    record('produce lk', timed(`${lk} produce ${lkTopic} ${input} -b ${b} -q`));
    record('produce kcat', timed(`${KCAT} -P -b ${b} -t ${kcatTopic} -l ${input}`));
    record('consume lk', timed(`${lk} consume ${lkTopic} -b ${b} -o beginning -e -q > /dev/null`));
    record('consume kcat', timed(`${KCAT} -C -b ${b} -t ${kcatTopic} -o beginning -e -q > /dev/null`));
    // The same topic for both consumers too, to rule out the topic.
    record(
      'consume lk (kcat topic)',
      timed(`${lk} consume ${kcatTopic} -b ${b} -o beginning -e -q > /dev/null`),
    );
  }
  const mib = bytes / 1024 / 1024;
  console.log(
    `${lines.toLocaleString('en-US')} records of ${RECORD_SIZE} B (${mib.toFixed(0)} MiB), ${PARTITIONS} partitions, ${ROUNDS} round(s), load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const [name, runs] of Object.entries(results)) {
    const wall = median(runs.map((r) => r.wall));
    const cpu = median(runs.map((r) => r.cpu));
    console.log(
      `${name.padEnd(26)} ${wall.toFixed(2).padStart(7)} s  ${(mib / wall).toFixed(1).padStart(7)} MiB/s  cpu ${cpu.toFixed(2)} s`,
    );
  }
  for (const what of ['produce', 'consume']) {
    const lkWall = median(results[`${what} lk`]!.map((r) => r.wall));
    const kcatWall = median(results[`${what} kcat`]!.map((r) => r.wall));
    console.log(
      `${what}: lk/kcat throughput ratio ${(kcatWall / lkWall).toFixed(2)} (≥ 1: lk as fast or faster)`,
    );
  }
} finally {
  await kafka.stop();
  rmSync(dir, { recursive: true, force: true });
}
