// How fast lk moves data through @lk/fake, both in this process as a test would run them:
// PartitionProducer (acks=1, 512 KiB batches of 1 KiB records) into a fake partition, then
// PartitionFetcher reading it all back. Targets: produce >= 200 MiB/s, fetch >= 400 MiB/s.
//
//   node --conditions=@lk/source packages/fake/bench/throughput.bench.ts [--mib 256] [--runs 3]
import { parseArgs } from 'node:util';
import { Builder } from '@lk/batch';
import { FakeCluster } from '@lk/fake';
import { PartitionFetcher, PartitionProducer } from '../src/index.ts';

const { values: args } = parseArgs({
  options: { mib: { type: 'string', default: '256' }, runs: { type: 'string', default: '3' } },
});
const MIB = Number(args.mib);
const RUNS = Number(args.runs);
const RECORD_SIZE = 1024;
const PER_BATCH = 512;
const total = MIB * 1024;
const value = Buffer.alloc(RECORD_SIZE, 7);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const produceRates: number[] = [];
const fetchRates: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const cluster = await FakeCluster.start({ topics: { bench: { partitions: 1 } }, retentionBytes: -1 });
  const producer = new PartitionProducer({
    bootstrap: cluster.bootstrap,
    topic: 'bench',
    partition: 0,
    acks: 1,
  });
  let started = performance.now();
  for (let sent = 0; sent < total; sent += PER_BATCH) {
    const builder = new Builder();
    for (let i = 0; i < Math.min(PER_BATCH, total - sent); i++) builder.add({ value });
    await producer.produce(builder.build());
  }
  produceRates.push(MIB / ((performance.now() - started) / 1000));
  producer.close();

  const fetcher = new PartitionFetcher({
    bootstrap: cluster.bootstrap,
    topic: 'bench',
    partition: 0,
    maxBytes: 16 << 20,
    maxWaitMs: 100,
  });
  started = performance.now();
  let received = 0;
  for await (const { records } of fetcher.records()) {
    received += records.length;
    if (received >= total) break;
  }
  fetchRates.push(MIB / ((performance.now() - started) / 1000));
  fetcher.close();
  if (cluster.serverErrors.length > 0) throw cluster.serverErrors[0];
  await cluster.close();
}

const fmt = (xs: number[]): string =>
  `median ${median(xs).toFixed(0)} MiB/s (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
console.log(`@lk/fake, ${MIB} MiB of ${RECORD_SIZE}-byte records, lk client and fake in one process:`);
console.log(`  produce acks=1 ${fmt(produceRates)}  target >= 200`);
console.log(`  fetch          ${fmt(fetchRates)}  target >= 400`);
