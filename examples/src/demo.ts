// The main job: keyed records produced across partitions with @lk/producer, consumed back by a
// group of @lk/consumer members, checked (every record once, in order per key), with a live
// progress line on a terminal and a summary at the end.
//
//   node --conditions=@lk/source examples/src/demo.ts [--bootstrap host:port | host:port]
//        [--records 200000] [--size 1024] [--partitions 6] [--keys 1000] [--members 2]
//        [--acks -1|0|1]
//
// Without --bootstrap, a single Kafka 4.3.1 node is started with the test harness and stopped after.
import { parseArgs } from 'node:util';
import { BootstrapClient } from '@lk/client';
import { Consumer, type PartitionBatch } from '@lk/consumer';
import { startKafka } from '@lk/kafka-harness';
import { Producer } from '@lk/producer';

const { values: args, positionals } = parseArgs({
  allowPositionals: true, // a bootstrap address alone, as the other examples take it
  options: {
    bootstrap: { type: 'string' },
    records: { type: 'string', default: '200000' },
    size: { type: 'string', default: '1024' },
    partitions: { type: 'string', default: '6' },
    keys: { type: 'string', default: '1000' },
    members: { type: 'string', default: '2' },
    acks: { type: 'string', default: '-1' },
  },
});
const total = positive('records');
const size = Math.max(8, positive('size'));
const partitions = positive('partitions');
const keys = positive('keys');
const members = positive('members');
const acks = Number(args.acks) as 0 | 1 | -1;

function positive(option: keyof typeof args): number {
  const value = Number(args[option]);
  if (!Number.isInteger(value) || value <= 0) {
    console.error(`--${option} must be a positive integer, got ${args[option]}`);
    process.exit(2);
  }
  return value;
}

/** One line, rewritten in place on a terminal; nothing in between on a pipe or file. */
const progress = {
  shown: false,
  update(text: string): void {
    if (!process.stderr.isTTY) return;
    process.stderr.write(`\r\x1b[2K${text}`);
    this.shown = true;
  },
  done(): void {
    if (this.shown) process.stderr.write('\r\x1b[2K');
    this.shown = false;
  },
};

/** What the progress line shows. */
const counts = { produced: 0, consumed: 0 };

const named = args.bootstrap ?? positionals[0];
const harness = named === undefined ? await startKafka({ nodes: 1 }) : null;
const bootstrap = named ?? harness!.bootstrap;
try {
  const topic = `lk-demo-${Date.now()}`;
  const admin = new BootstrapClient(bootstrap);
  await admin.createTopic(topic, { numPartitions: partitions }); // waits for the leaders
  console.log(
    `broker ${bootstrap}, topic ${topic} (${partitions} partitions): ${total} records of ${size} B ` +
      `over ${keys} keys, acks=${acks}; a group of ${members} consumers reads them back`,
  );

  // The group forms first, then records flow: each member consumes while the producer sends.
  const group = await startGroup(topic);
  const ticker = setInterval(
    () => progress.update(`produced ${counts.produced}/${total} · consumed ${counts.consumed}/${total}`),
    200,
  );
  let produced: { seconds: number };
  let consumed: Awaited<typeof group.finished>;
  try {
    produced = await produce(topic);
    consumed = await group.finished;
  } finally {
    clearInterval(ticker);
    progress.done();
  }
  report('produce', total, produced.seconds);
  report('consume', consumed.received, consumed.seconds); // from the first record sent to the last received

  const problems = consumed.missing + consumed.duplicated + consumed.reordered;
  console.log(
    `check    ${consumed.received} received: ${consumed.missing} missing, ${consumed.duplicated} duplicated, ` +
      `${consumed.reordered} out of order per key; partitions per member: ${consumed.perMember.join(', ')}`,
  );
  if (problems > 0) process.exitCode = 1;
} finally {
  await harness?.stop();
}

/** Sends every record with its key; each value carries its sequence number and its key's. */
async function produce(topic: string): Promise<{ seconds: number }> {
  const producer = new Producer({ bootstrap, acks, idempotent: acks === -1 });
  const started = performance.now();
  try {
    const window: Promise<unknown>[] = [];
    for (let sequence = 0; sequence < total; sequence++) {
      const key = sequence % keys;
      const value = new Uint8Array(size);
      const view = new DataView(value.buffer);
      view.setUint32(0, sequence);
      view.setUint32(4, Math.floor(sequence / keys)); // this record's place among its key's records
      window.push(producer.send(topic, { key: `key-${key}`, value }).then(() => counts.produced++));
      // Hand over in slices so the promises of a large run do not pile up.
      if (window.length === 10_000) await Promise.all(window.splice(0));
    }
    await Promise.all(window);
    await producer.flush();
  } finally {
    await producer.close();
  }
  return { seconds: (performance.now() - started) / 1000 };
}

/**
 * Starts a group of `members` consumers and resolves once every member owns partitions; `finished`
 * settles when every record arrived (or after 60 s without progress).
 */
async function startGroup(topic: string) {
  const groupId = `${topic}-group`;
  const seen = new Uint8Array(total);
  const nextPlace = new Map<number, number>();
  let received = 0;
  let duplicated = 0;
  let reordered = 0;
  let lastProgress = performance.now();
  const stop = new AbortController();
  const consumers = Array.from(
    { length: members },
    () => new Consumer({ bootstrap, groupId, topics: [topic], autoOffsetReset: 'earliest' }),
  );
  const owned = consumers.map(() => new Set<number>());
  const consumedFrom = consumers.map(() => new Set<number>());
  const formed = {} as { promise: Promise<void>; resolve(): void; reject(error: Error): void };
  formed.promise = new Promise<void>((resolve, reject) => Object.assign(formed, { resolve, reject }));
  consumers.forEach((consumer, member) => {
    const change = (add: boolean) => (list: { partition: number }[]) => {
      for (const { partition } of list)
        add ? owned[member]!.add(partition) : owned[member]!.delete(partition);
      const assigned = owned.reduce((sum, set) => sum + set.size, 0);
      if (assigned === partitions && owned.every((set) => set.size > 0)) formed.resolve();
    };
    consumer.on('assigned', change(true));
    consumer.on('revoked', change(false));
    consumer.on('lost', change(false));
  });
  let started = performance.now();
  const onBatch = (member: number) => (batch: PartitionBatch) => {
    consumedFrom[member]!.add(batch.partition);
    for (const record of batch.records) {
      const value = record.value!;
      const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
      const sequence = view.getUint32(0);
      const place = view.getUint32(4);
      const key = sequence % keys;
      if (seen[sequence] === 1) {
        duplicated++;
        continue;
      }
      seen[sequence] = 1;
      received++;
      if ((nextPlace.get(key) ?? 0) !== place) reordered++;
      nextPlace.set(key, place + 1);
    }
    lastProgress = performance.now();
    counts.consumed = received;
    if (received === total) stop.abort();
  };
  const silence = setInterval(() => {
    if (performance.now() - lastProgress > 60_000) stop.abort();
  }, 1000);
  const running = Promise.all(
    consumers.map((consumer, member) => consumer.run({ eachBatch: onBatch(member), signal: stop.signal })),
  );
  const finished = (async () => {
    try {
      await running;
    } finally {
      clearInterval(silence);
      await Promise.all(consumers.map((consumer) => consumer.close()));
    }
    return {
      seconds: (performance.now() - started) / 1000,
      received,
      missing: total - received,
      duplicated,
      reordered,
      perMember: consumedFrom.map((partitionsSeen) => partitionsSeen.size),
    };
  })();
  const formTimeout = setTimeout(
    () => formed.reject(new Error('the group did not form within 60 s')),
    60_000,
  );
  try {
    await Promise.race([formed.promise, finished.then(() => formed.promise)]);
  } catch (error) {
    stop.abort(); // the members leave before the error is reported
    await finished;
    throw error;
  } finally {
    clearTimeout(formTimeout);
  }
  started = performance.now();
  lastProgress = started;
  return { finished };
}

function report(what: string, records: number, seconds: number): void {
  const mib = (records * size) / 1024 / 1024;
  const rss = process.memoryUsage().rss / 1024 / 1024;
  console.log(
    `${what.padEnd(8)} ${records} records in ${seconds.toFixed(2)} s: ${(records / seconds).toFixed(0)} records/s, ` +
      `${(mib / seconds).toFixed(1)} MiB/s (RSS ${rss.toFixed(0)} MiB)`,
  );
}
