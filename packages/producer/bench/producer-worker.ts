// One producer run of one client in its own process (so its peak RSS is its own). Prints one JSON line.
//   node --conditions=@lk/source producer-worker.ts <lk|kafkajs|platformatic> <bootstrap> <topic> <acks>
//     <records> <recordSize> <batchSize> [ratePerSecond]
// With a rate, records are sent at that pace one by one and the send-to-acknowledgement latency of
// each is recorded (p50/p99/p99.9); without, as fast as the client takes them. `batchSize` is lk's;
// KafkaJS and Platformatic have none (each call's records for a partition form one batch).
// cpuSeconds: user + system CPU of the whole process, start-up included.
const argv = process.argv.slice(2);
const client = argv[0] ?? 'lk';
const bootstrap = argv[1] ?? '127.0.0.1:9092';
const topic = argv[2] ?? 'bench';
const [acksText, recordsText, sizeText, batchSizeText, rateText] = argv.slice(3);
const acks = Number(acksText) as -1 | 1;
const total = Number(recordsText);
const value = Buffer.alloc(Number(sizeText), 7);
const rate = rateText === undefined ? 0 : Number(rateText);
// Records per send call, and calls outstanding, in the throughput runs (the same for every client).
const PER_CALL = 1000;
const CALLS_IN_FLIGHT = 16;
const LINGER_MS = 5;
const BATCH_SIZE = Number(batchSizeText ?? 16_384);

type Send = (count: number) => Promise<unknown>;

async function lk(): Promise<{ send: Send; close: () => Promise<void> }> {
  const { Producer } = await import('../src/index.ts');
  const producer = new Producer({ bootstrap, acks, lingerMs: LINGER_MS, batchSize: BATCH_SIZE });
  const records = Array.from({ length: PER_CALL }, () => ({ value }));
  return {
    send: (count) =>
      count === 1 ? producer.send(topic, { value }) : producer.send(topic, records.slice(0, count)),
    close: () => producer.close(),
  };
}

async function kafkajs(): Promise<{ send: Send; close: () => Promise<void> }> {
  const { Kafka, logLevel, Partitioners } = await import('kafkajs');
  const kafka = new Kafka({ brokers: bootstrap!.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: acks === -1,
    maxInFlightRequests: acks === -1 ? 1 : 5,
  });
  await producer.connect();
  const messages = Array.from({ length: PER_CALL }, () => ({ value }));
  return {
    send: (count) => producer.send({ topic: topic!, acks, messages: messages.slice(0, count) }),
    close: () => producer.disconnect(),
  };
}

async function platformatic(): Promise<{ send: Send; close: () => Promise<void> }> {
  const { ProduceAcks, Producer } = await import('@platformatic/kafka');
  const producer = new Producer({
    clientId: 'bench',
    bootstrapBrokers: bootstrap!.split(','),
    autocreateTopics: false,
    idempotent: acks === -1,
  });
  const acksMode = acks === 1 ? ProduceAcks.LEADER : ProduceAcks.ALL;
  const messages = Array.from({ length: PER_CALL }, () => ({ topic: topic!, value }));
  return {
    send: (count) => producer.send({ messages: messages.slice(0, count), acks: acksMode }),
    close: () => producer.close(),
  };
}

const clients: Record<string, () => Promise<{ send: Send; close: () => Promise<void> }>> = {
  lk,
  kafkajs,
  platformatic,
};
const { send, close } = await clients[client!]!();

/** As fast as possible: up to CALLS_IN_FLIGHT calls of PER_CALL records outstanding. */
async function throughput(): Promise<void> {
  let sent = 0;
  let outstanding = 0;
  let wake: (() => void) | null = null;
  let failure: unknown = null;
  while (sent < total) {
    const count = Math.min(PER_CALL, total - sent);
    sent += count;
    outstanding++;
    send(count).then(
      () => {
        outstanding--;
        wake?.();
      },
      (error: unknown) => {
        failure = error;
        outstanding--;
        wake?.();
      },
    );
    while (outstanding >= CALLS_IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
    if (failure !== null) throw failure;
  }
  while (outstanding > 0) await new Promise<void>((resolve) => (wake = resolve));
  if (failure !== null) throw failure;
}

/** At `rate` records/s, one record per send: each record's latency to its acknowledgement. */
async function latency(): Promise<number[]> {
  const latencies = new Float64Array(total);
  const pending: Promise<unknown>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const at = performance.now();
    pending.push(send(1).then(() => (latencies[i] = performance.now() - at)));
    if (pending.length >= 10_000) await Promise.all(pending.splice(0));
  }
  await Promise.all(pending);
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return [at(0.5), at(0.99), at(0.999)];
}

const started = performance.now();
const percentiles = rate > 0 ? await latency() : null;
if (rate === 0) await throughput();
const seconds = (performance.now() - started) / 1000;
await close();
const usage = process.resourceUsage();
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
console.log(JSON.stringify({ seconds, percentiles, cpuSeconds, peakRssMiB: usage.maxRSS / 1024 }));
process.exit(0);
