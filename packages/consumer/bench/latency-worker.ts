// Produce -> consume latency with lk, in a process of its own, for consume.bench.ts. A
// PartitionProducer (acks=1) writes 1 KiB records to partition 0 of `topic` (new, empty); a Consumer
// (manual assignment, default fetch settings) in the same process reads them. Each record carries its send
// time (performance.now(), the first 8 bytes), so the latency is send call -> record handed out.
//   node --conditions=@lk/source latency-worker.ts pingpong <bootstrap> <topic> <records>
//     one record at a time, the next sent when the last arrived (what Java's EndToEndLatency does)
//   node --conditions=@lk/source latency-worker.ts rate <bootstrap> <topic> <records/s> <seconds>
//     a fixed rate: every 10 ms the records due are sent in one produce call
// Prints {"records", "p50", "p99", "p999", "cpuSeconds"} (ms).
import { performance } from 'node:perf_hooks';
import { PartitionProducer } from '@lk/client';
import { Consumer, type PartitionBatch } from '../src/index.ts';

const [mode, bootstrap, topic, a, b] = process.argv.slice(2) as [string, string, string, string, string?];
const RECORD_BYTES = 1024;
const TICK_MS = 10;

const producer = new PartitionProducer({ bootstrap, topic, partition: 0, acks: 1 });
// The topic is new and empty: 'earliest' is its start. With 'latest', a position looked up after
// the warm-up record was written skipped it, and the worker waited for it forever.
const consumer = new Consumer({
  bootstrap,
  assignment: [{ topic, partition: 0 }],
  autoOffsetReset: 'earliest',
});
const batches = consumer.batches()[Symbol.asyncIterator]();

function stamped(): { value: Uint8Array } {
  const value = new Uint8Array(RECORD_BYTES);
  new DataView(value.buffer).setFloat64(0, performance.now());
  return { value };
}
function latencies(batch: PartitionBatch, now: number): number[] {
  return batch.records.map((r) => now - new DataView(r.value!.buffer, r.value!.byteOffset).getFloat64(0));
}
async function next(): Promise<PartitionBatch> {
  const step = await batches.next();
  if (step.done) throw new Error('the consumer ended');
  return step.value;
}

// Warm-up: the consumer has its position and the first fetch answered before timing starts.
await consumer.start();
await producer.produceRecords([stamped()]);
await next();

const samples: number[] = [];
const cpuBefore = process.cpuUsage();
if (mode === 'pingpong') {
  for (let i = 0; i < Number(a); i++) {
    await producer.produceRecords([stamped()]);
    let got = 0;
    while (got === 0) {
      const batch = await next();
      samples.push(...latencies(batch, performance.now()));
      got += batch.records.length;
    }
  }
} else {
  const rate = Number(a);
  const total = Math.round(rate * Number(b));
  const started = performance.now();
  let sent = 0;
  const sending = (async () => {
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - started) * rate) / 1000));
      if (due > sent) {
        const records = Array.from({ length: due - sent }, stamped);
        sent = due;
        await producer.produceRecords(records);
      }
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
  })();
  while (samples.length < total) {
    const batch = await next();
    samples.push(...latencies(batch, performance.now()));
  }
  await sending;
}
const cpu = process.cpuUsage(cpuBefore);
await batches.return?.(undefined);
await consumer.close();
producer.close();

samples.sort((x, y) => x - y);
const at = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
console.log(
  JSON.stringify({
    records: samples.length,
    p50: at(0.5),
    p99: at(0.99),
    p999: at(0.999),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  }),
);
process.exit(0);
