// lk perf produce|consume: throughput and latency percentiles, as Kafka's ProducerPerformance and
// ConsumerPerformance. Results go to stdout (they are the command's data), one line per run.
import { randomFillSync } from 'node:crypto';
import { Consumer } from '@lk/consumer';
import { Producer } from '@lk/producer';
import { partitionNumbers } from '../admin-session.ts';
import { intFlag } from '../args.ts';
import { allDecompressors } from '../codecs.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { Latencies } from '../latency.ts';
import { acksFlag, compressionFlag, PRODUCER_FLAGS } from '../producer-flags.ts';
import { bytes, count, Progress, rates } from '../progress.ts';

/** Sends in flight (each one record) before the loop waits for the oldest. */
const MAX_PENDING = 20_000;

function topicArg(positionals: string[]): string {
  const [topic, extra] = positionals;
  if (topic === undefined) throw new UsageError('missing TOPIC');
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  return topic;
}

function latencyLine(l: Latencies): string {
  const s = l.summary();
  const f = (v: number) => v.toFixed(1);
  return `avg ${f(s.avg)} ms, max ${f(s.max)} ms, p50 ${f(s.p50)} ms, p95 ${f(s.p95)} ms, p99 ${f(s.p99)} ms, p99.9 ${f(s.p999)} ms`;
}

export const perfProduce: Command = {
  name: 'perf produce',
  summary: 'produce N records of a size as fast as allowed; throughput and ack latency percentiles',
  args: 'TOPIC',
  connects: true,
  flags: {
    'num-records': { type: 'string', short: 'n', value: 'N', help: 'records to send (default 100000)' },
    'record-size': { type: 'string', short: 's', value: 'BYTES', help: 'value size (default 100)' },
    throughput: {
      type: 'string',
      short: 't',
      value: 'N',
      help: 'at most N records/s (default: unthrottled)',
    },
    ...PRODUCER_FLAGS,
    'linger-ms': { type: 'string', value: 'MS', help: 'default 5' },
    'batch-size': { type: 'string', value: 'BYTES', help: 'default 16384' },
  },
  details: ['Latency: from send() to the acknowledgement of each record.'],
  examples: [
    'lk perf produce perf -n 1000000 -s 100',
    'lk perf produce perf -n 100000 -s 1024 -z lz4 --acks 1 -t 20000',
  ],
  async run(ctx) {
    const { flags } = ctx.args;
    const topic = topicArg(ctx.args.positionals);
    const total = intFlag(flags, 'num-records', 100_000, 1);
    const size = intFlag(flags, 'record-size', 100, 0, 1 << 30);
    const throughput = intFlag(flags, 'throughput', 0, 0);
    const acks = acksFlag(flags);
    const settings = {
      acks,
      compression: compressionFlag(flags),
      lingerMs: intFlag(flags, 'linger-ms', 5),
      batchSize: intFlag(flags, 'batch-size', 16_384, 1),
    };
    const connection = ctx.connection();
    await partitionNumbers(ctx, topic);
    const producer = new Producer({ ...connection, ...settings });
    // A pool of random payloads, so that compression sees realistic (incompressible) bytes.
    const payloads = Array.from({ length: 64 }, () => randomFillSync(Buffer.alloc(size)));
    const latencies = new Latencies();
    let acked = 0;
    let failed = 0;
    let firstError: Error | null = null;
    const pending: Promise<void>[] = [];
    const started = performance.now();
    const cpu = process.cpuUsage();
    const progress = new Progress(ctx.io, () => {
      const s = (performance.now() - started) / 1000;
      return `${count(acked)}/${count(total)} acknowledged, ${rates(acked, acked * size, s)}`;
    }).start();
    try {
      for (let i = 0; i < total && !ctx.signal.aborted; i++) {
        if (throughput > 0) {
          const due = started + (i / throughput) * 1000;
          const wait = due - performance.now();
          if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        }
        const sentAt = performance.now();
        pending.push(
          producer.send(topic, { value: payloads[i % payloads.length]! }).then(
            () => {
              latencies.add(performance.now() - sentAt);
              acked++;
            },
            (error: Error) => {
              failed++;
              firstError ??= error;
            },
          ),
        );
        if (pending.length >= MAX_PENDING) await Promise.all(pending.splice(0, MAX_PENDING / 2));
      }
      await Promise.all(pending);
      await producer.flush();
    } finally {
      progress.stop();
      await producer.close({ force: ctx.signal.aborted });
    }
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    ctx.io.stdout.write(
      `${count(acked)} records sent, ${rates(acked, acked * size, seconds)} in ${seconds.toFixed(2)} s, ${latencyLine(latencies)}, cpu ${((used.user + used.system) / 1e6).toFixed(2)} s${failed > 0 ? `, ${count(failed)} failed` : ''}\n`,
    );
    if (firstError !== null) {
      ctx.log.error((firstError as Error).message);
      return 1;
    }
    return 0;
  },
};

export const perfConsume: Command = {
  name: 'perf consume',
  summary: 'read N records from the beginning as fast as possible; throughput and fetch latency percentiles',
  args: 'TOPIC',
  connects: true,
  flags: {
    'num-records': { type: 'string', short: 'n', value: 'N', help: 'records to read (default 100000)' },
  },
  details: [
    'Latency: the wait for each batch (from asking for it to getting it), and end-to-end (now - record timestamp).',
  ],
  examples: ['lk perf consume perf -n 1000000'],
  async run(ctx) {
    const topic = topicArg(ctx.args.positionals);
    const total = intFlag(ctx.args.flags, 'num-records', 100_000, 1);
    const connection = ctx.connection();
    const partitions = await partitionNumbers(ctx, topic);
    const consumer = new Consumer({
      ...connection,
      assignment: partitions.map((partition) => ({ topic, partition })),
      autoOffsetReset: 'earliest',
      decompressors: allDecompressors(),
    });
    const waits = new Latencies();
    const endToEnd = new Latencies();
    let records = 0;
    let byteCount = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const progress = new Progress(ctx.io, () => {
      const s = (performance.now() - started) / 1000;
      return `${count(records)}/${count(total)} read, ${rates(records, byteCount, s)}`;
    }).start();
    try {
      let asked = performance.now();
      for await (const batch of consumer.batches(ctx.signal)) {
        waits.add(performance.now() - asked);
        const now = Date.now();
        for (const r of batch.records) {
          byteCount += (r.value?.length ?? 0) + (r.key?.length ?? 0);
        }
        if (batch.records.length > 0) endToEnd.add(now - batch.records[batch.records.length - 1]!.timestamp);
        records += batch.records.length;
        if (records >= total) break;
        asked = performance.now();
      }
    } finally {
      progress.stop();
      await consumer.close();
    }
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    ctx.io.stdout.write(
      `${count(records)} records read (${bytes(byteCount)}), ${rates(records, byteCount, seconds)} in ${seconds.toFixed(2)} s, batch wait ${latencyLine(waits)}; end-to-end p50 ${endToEnd.summary().p50.toFixed(0)} ms, cpu ${((used.user + used.system) / 1e6).toFixed(2)} s\n`,
    );
    return records >= total || ctx.signal.aborted ? 0 : 1;
  },
};

export const PERF_COMMANDS = [perfProduce, perfConsume];
