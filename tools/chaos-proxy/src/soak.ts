// pnpm soak -- --minutes N [--seed S]: an idempotent producer and a fetch loop run through the chaos
// proxy against a real broker (LK_BOOTSTRAP, or one started here) while random faults hit their
// connections. Every 10 s: records/s, RSS, open descriptors, event-loop delay. At the end: every
// acknowledged record read back, no duplicate, no reorder, the fetch loop saw no gap or repeat,
// memory (after a forced GC) and descriptors flat after warm-up. Exit code 1 on any failure.
import { readdirSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BootstrapClient, PartitionFetcher, PartitionProducer, ProduceError } from '@lk/client';
import { type KafkaCluster, startKafka } from '@lk/kafka-harness';
import { ChaosSchedule } from './chaos.ts';
import { startReport } from './delivery-check.ts';
import { grows, type MemoryTrend, memoryTrend } from './memory-trend.ts';
import { startChaosProxy } from './proxy.ts';
import { Random } from './random.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    'batch-records': { type: 'string', default: '100' },
  },
  // `pnpm soak -- --minutes 5` passes the `--` on.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
});
const minutes = Number(values.minutes);
const seed = Number(values.seed);
const batchRecords = Number(values['batch-records']);
const REPORT_MS = 10_000;
const log = (line: string) => process.stdout.write(`${line}\n`);

const openDescriptors = () => readdirSync('/proc/self/fd').length;
/** After a full collection (the soak runs with --expose-gc), so garbage not yet collected is not counted. */
const memoryMiB = () => {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss: rss / 2 ** 20, heap: heapUsed / 2 ** 20, external: external / 2 ** 20 };
};

let kafka: KafkaCluster | null = null;
let bootstrap = process.env.LK_BOOTSTRAP;
if (!bootstrap) {
  kafka = await startKafka({ nodes: 1 });
  bootstrap = kafka.bootstrap;
}
log(`soak: ${minutes} min, seed ${seed}, broker ${bootstrap}${kafka ? ' (started here)' : ''}`);

const topic = `soak-${seed}-${Date.now()}`;
const cluster = new BootstrapClient(bootstrap);
await cluster.createTopic(topic, { numPartitions: 1, replicationFactor: 1 });
const proxy = await startChaosProxy({ upstream: bootstrap });
const clientOptions = { bootstrap: proxy.bootstrap, topic, partition: 0, requestTimeoutMs: 5000 };
const producer = new PartitionProducer({ ...clientOptions, idempotent: true, deliveryTimeoutMs: 20_000 });
const fetcher = new PartitionFetcher({ ...clientOptions, maxWaitMs: 200 });
const chaos = new ChaosSchedule(proxy, new Random(seed));
/**
 * What the producer was told, as runs of consecutive ids with one outcome: a run grows while
 * outcomes repeat, so hours of records take a few entries and the soak's own memory stays flat.
 */
const batches: { first: number; count: number; outcome: string }[] = [];
function told(first: number, count: number, outcome: string): void {
  const last = batches[batches.length - 1];
  if (last !== undefined && last.outcome === outcome && last.first + last.count === first)
    last.count += count;
  else batches.push({ first, count, outcome });
}

const stats = { produced: 0, produceErrors: 0, consumed: 0, fetchErrors: 0, gaps: 0, repeats: 0 };
let running = true;
let nextId = 0;

async function produceLoop(): Promise<void> {
  while (running) {
    const ids = Array.from({ length: batchRecords }, () => String(nextId++));
    try {
      await producer.produceStrings(ids);
      told(Number(ids[0]), ids.length, 'acked');
      stats.produced += ids.length;
    } catch (error) {
      stats.produceErrors++;
      if (!(error instanceof ProduceError)) throw error;
      told(Number(ids[0]), ids.length, error.outcome);
    }
  }
}

/** The fetch loop, restarted after each failure; checks every offset follows the last. */
let expectedOffset = 0n;
let consumeUntil: bigint | null = null;
let stop = new AbortController();
async function consumeLoop(): Promise<void> {
  while (consumeUntil === null || expectedOffset < consumeUntil) {
    stop = new AbortController();
    try {
      for await (const { records } of fetcher.records({ signal: stop.signal })) {
        for (const record of records) {
          if (record.offset > expectedOffset) stats.gaps++;
          if (record.offset < expectedOffset) stats.repeats++;
          expectedOffset = record.offset + 1n;
          stats.consumed++;
        }
        if (consumeUntil !== null && expectedOffset >= consumeUntil) stop.abort();
      }
    } catch {
      if (stop.signal.aborted) return;
      stats.fetchErrors++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

interface Sample {
  atS: number;
  rssMiB: number;
  /** What JavaScript holds after a full GC: V8's heap plus memory outside it (Buffers). */
  liveMiB: number;
  fds: number;
}
const samples: Sample[] = [];
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const started = performance.now();
let last = { produced: 0, consumed: 0, at: started };
const reporter = setInterval(() => {
  const now = performance.now();
  const seconds = (now - last.at) / 1000;
  const memory = memoryMiB();
  const sample = {
    atS: Math.round((now - started) / 1000),
    rssMiB: memory.rss,
    liveMiB: memory.heap + memory.external,
    fds: openDescriptors(),
  };
  samples.push(sample);
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  log(
    `t=${sample.atS}s produced ${Math.round((stats.produced - last.produced) / seconds)}/s consumed ${Math.round(
      (stats.consumed - last.consumed) / seconds,
    )}/s rss ${sample.rssMiB.toFixed(1)} MiB heap ${memory.heap.toFixed(1)} MiB external ${memory.external.toFixed(1)} MiB fds ${sample.fds} loop-delay p50 ${ms(loopDelay.percentile(50))} p99 ${ms(
      loopDelay.percentile(99),
    )} max ${ms(loopDelay.max)} ms faults ${chaos.applied.length} produce-errors ${stats.produceErrors} fetch-errors ${stats.fetchErrors}`,
  );
  loopDelay.reset();
  last = { produced: stats.produced, consumed: stats.consumed, at: now };
}, REPORT_MS);

chaos.start();
const producing = produceLoop();
const consuming = consumeLoop();
await new Promise((resolve) => setTimeout(resolve, minutes * 60_000));
running = false;
chaos.stop();
await producing;
// Let the fetch loop reach the end of the log, then read it all back directly (not through the proxy).
const direct = new PartitionFetcher({ bootstrap, topic, partition: 0, maxWaitMs: 100 });
consumeUntil = await direct.seekToNewest();
// The loop may be waiting on an empty partition already: stop it once it has everything.
const reached = setInterval(() => {
  if (expectedOffset >= consumeUntil!) stop.abort();
}, 100);
const drained = await Promise.race([
  consuming.then(() => true),
  new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 120_000).unref()),
]);
clearInterval(reporter);
clearInterval(reached);
producer.close();
fetcher.close();
// How often each id is in the log, and whether ids and offsets both only go up.
const copies = new Uint8Array(nextId);
let inLog = 0;
let unknown = 0;
let reordered = 0;
let offsetGaps = 0;
let highestId = -1;
let lastOffset = -1n;
const decoder = new TextDecoder();
direct.offset = 0n;
while (direct.offset < consumeUntil) {
  const result = await direct.fetch();
  const { records, nextOffset } = direct.read(result);
  for (const record of records) {
    const id = Number(decoder.decode(record.value!));
    inLog++;
    if (lastOffset >= 0n && record.offset !== lastOffset + 1n) offsetGaps++;
    lastOffset = record.offset;
    if (!(id >= 0 && id < nextId)) {
      unknown++;
      continue;
    }
    if (copies[id] === 0 && id < highestId) reordered++;
    highestId = Math.max(highestId, id);
    copies[id] = Math.min(255, copies[id]! + 1);
  }
  if (nextOffset !== undefined) direct.offset = nextOffset;
}
direct.close();
await proxy.close();
const report = startReport(nextId, reordered, unknown);
for (const { first, count, outcome } of batches) {
  for (let id = first; id < first + count; id++) {
    const n = copies[id]!;
    if (n > 1) report.duplicated += n - 1;
    if (outcome === 'acked') report.acked++;
    if ((outcome === 'acked' || outcome === 'PERSISTED') && n === 0) report.lost++;
    if (outcome === 'NOT_PERSISTED' && n > 0) report.phantom++;
    if (outcome === 'POSSIBLY_PERSISTED') {
      if (n > 0) report.possiblyFound++;
      else report.possiblyMissing++;
    }
  }
}

// Flat after warm-up: the first third of the run (at least 60 s) warms up; before that RSS still
// settles as the allocator takes the memory it then reuses (seen: 177 -> 300 MiB between 30 s and
// 60 s, with the heap flat at 12 MiB). Memory is judged on its trend (the first third of the
// samples after warm-up against the lowest of the last third, see memory-trend.ts): what JavaScript holds after a
// forced GC must not grow by 25% and 8 MiB, RSS not by 25% and 32 MiB (RSS also counts memory
// the allocator keeps after a GC, so it moves more).
const warm = samples.filter((s) => s.atS >= Math.max(60, (minutes * 60) / 3));
const rssValues = warm.map((s) => s.rssMiB);
const fdValues = warm.map((s) => s.fds);
const rssTrend = memoryTrend(rssValues);
const liveTrend = memoryTrend(warm.map((s) => s.liveMiB));
const fdSpread = warm.length > 0 ? Math.max(...fdValues) - Math.min(...fdValues) : 0;
const trendText = ({ first, last, ratio }: MemoryTrend) =>
  `${first.toFixed(1)} -> ${last.toFixed(1)} MiB (${(ratio * 100).toFixed(1)}%)`;
const elapsedS = (performance.now() - started) / 1000;
log(`faults applied: ${JSON.stringify(chaos.counts())} over ${proxy.accepted} proxied connections`);
log(
  `records: sent ${report.sent}, acked ${report.acked}, in the log ${inLog} (${Math.round(inLog / elapsedS)}/s); lost ${report.lost}, duplicated ${report.duplicated}, reordered ${report.reordered}, phantom ${report.phantom}, unknown ${report.unknown}; possibly-persisted found ${report.possiblyFound} / missing ${report.possiblyMissing}`,
);
log(
  `fetch loop: consumed ${stats.consumed}, gaps ${stats.gaps}, repeats ${stats.repeats}, fetch errors ${stats.fetchErrors}, drained ${drained}`,
);
log(
  `after warm-up (${warm.length} samples): RSS ${Math.min(...rssValues).toFixed(1)}-${Math.max(...rssValues).toFixed(1)} MiB, trend ${trendText(rssTrend)}; heap+external after GC trend ${trendText(liveTrend)}; descriptors ${Math.min(...fdValues)}-${Math.max(...fdValues)}`,
);
const failures = [
  report.lost > 0 && 'acknowledged records lost',
  report.duplicated > 0 && 'duplicates',
  report.reordered > 0 && 'reordered records',
  report.phantom > 0 && 'NOT_PERSISTED records in the log',
  report.unknown > 0 && 'records never sent',
  stats.gaps + stats.repeats > 0 && 'the fetch loop skipped or repeated offsets',
  !drained && 'the fetch loop did not reach the end of the log',
  offsetGaps > 0 && 'offsets in the log are not contiguous',
  grows(liveTrend, { ratio: 0.25, floor: 8 }) && 'heap+external after GC grew after warm-up',
  grows(rssTrend, { ratio: 0.25, floor: 32 }) && 'RSS grew after warm-up',
  warm.length < 3 && 'too few samples after warm-up to judge memory',
  fdSpread > 24 && 'open descriptors not flat after warm-up',
  report.acked === 0 && 'nothing was acknowledged',
].filter(Boolean);
await kafka?.stop();
loopDelay.disable();
if (failures.length > 0) {
  log(`SOAK FAILED: ${failures.join('; ')}`);
  process.exit(1);
}
log('soak passed');
process.exit(0);
