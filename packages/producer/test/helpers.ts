// Shared helpers of the producer's broker tests.
import { randomUUID } from 'node:crypto';
import { startChaosProxy } from '@lk/chaos-proxy';
import { kcat, kcatConnectArgs } from '@lk/kafka-harness';
import { expect } from 'vitest';
import { Producer } from '../src/producer.ts';
import { type ProducerRequestMessage, producerRequestChannel } from '../src/sender.ts';

/** A topic name no other test uses. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** The records of send call `call` of `perCall` each: values count up from 0, over 500 keys. */
export function numberedRecords(call: number, perCall: number): { key: string; value: string }[] {
  return Array.from({ length: perCall }, (_, j) => {
    const i = call * perCall + j;
    return { key: `k${i % 500}`, value: String(i) };
  });
}

/** One record as kcat read it. */
export interface ReadRecord {
  partition: number;
  offset: number;
  key: string;
  value: string;
}

/** Reads `count` records of `topic` with kcat (librdkafka), every partition, from the beginning. */
export async function readWithKcat(
  kafka: Parameters<typeof kcatConnectArgs>[0],
  topic: string,
  count: number,
): Promise<ReadRecord[]> {
  const result = await kcat(
    [
      ...kcatConnectArgs(kafka, 'plaintext'),
      '-C',
      '-t',
      topic,
      '-o',
      'beginning',
      '-e',
      '-c',
      String(count),
      '-f',
      '%p|%o|%k|%s\\n',
    ],
    { timeoutMs: 120_000 },
  );
  if (result.code !== 0) throw new Error(`kcat failed: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [partition, offset, key, ...value] = line.split('|');
      return { partition: Number(partition), offset: Number(offset), key: key!, value: value.join('|') };
    });
}

/** Counts, per key, what a partition's records say about loss, duplication and order. */
export function audit(
  read: readonly { partition: number; key: string; value: string }[],
  records: number,
): { lost: number; duplicated: number; reordered: number; misplaced: number } {
  const seen = new Set<number>();
  const lastByKey = new Map<string, number>();
  const partitionOfKey = new Map<string, number>();
  let duplicated = 0;
  let reordered = 0;
  let misplaced = 0;
  for (const r of read) {
    const i = Number(r.value);
    if (seen.has(i)) duplicated++;
    seen.add(i);
    // A key always lands in one partition; its values rise by `keys` from one record to the next.
    const where = partitionOfKey.get(r.key);
    if (where === undefined) partitionOfKey.set(r.key, r.partition);
    else if (where !== r.partition) misplaced++;
    const last = lastByKey.get(r.key);
    if (last !== undefined && i <= last) reordered++;
    lastByKey.set(r.key, Math.max(i, last ?? -1));
  }
  return { lost: records - seen.size, duplicated, reordered, misplaced };
}

/** What {@link produceThroughCuts} saw, and what was read back. */
export interface CutRun {
  /** Rounds of cuts set on every connection. */
  cuts: number;
  /** Produce requests that lost their connection: the cuts must have hit produce responses. */
  cutRequests: number;
  seconds: number;
  read: ReadRecord[];
  result: ReturnType<typeof audit>;
}

/**
 * Sends `records` numbered records (calls of 200, see {@link numberedRecords}) with an idempotent
 * Producer through a chaos proxy in front of `kafka` while, every 150 ms, the next response on every
 * connection is cut somewhere inside its frame; asserts that no send failed and that cuts hit
 * Produce requests, then reads `topic` back with kcat and audits it. Paced (a call per 20 ms), so
 * that the cuts land whatever the machine's speed: unpaced, an idle machine produced 20,000
 * records in 0.3 s, before the first cut.
 */
export async function produceThroughCuts(
  kafka: Parameters<typeof kcatConnectArgs>[0] & { bootstrap: string },
  topic: string,
  records: number,
  lingerMs: number,
): Promise<CutRun> {
  const perCall = 200;
  const proxy = await startChaosProxy({ upstream: kafka.bootstrap });
  const producer = new Producer({ bootstrap: proxy.bootstrap, requestTimeoutMs: 5000, lingerMs });
  const failures: Error[] = [];
  let [cuts, cutRequests] = [0, 0];
  const onRequest = (message: unknown): void => {
    if ((message as ProducerRequestMessage).error !== null) cutRequests++;
  };
  producerRequestChannel.subscribe(onRequest);
  const cutter = setInterval(() => {
    proxy.setAll('down', { kind: 'cut', afterBytes: 5 + Math.floor(Math.random() * 60) });
    cuts++;
  }, 150);
  const started = performance.now();
  try {
    const sends: Promise<unknown>[] = [];
    for (let call = 0; call * perCall < records; call++) {
      const batch = numberedRecords(call, perCall).slice(0, records - call * perCall);
      sends.push(producer.send(topic, batch).catch((error: Error) => failures.push(error)));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(sends);
  } finally {
    clearInterval(cutter);
    producerRequestChannel.unsubscribe(onRequest);
    await producer.close();
    await proxy.close();
  }
  const seconds = (performance.now() - started) / 1000;
  expect(failures.map((e) => e.message).slice(0, 3)).toEqual([]);
  expect(cuts).toBeGreaterThan(3);
  expect(cutRequests).toBeGreaterThan(0);
  const read = await readWithKcat(kafka, topic, records * 2);
  return { cuts, cutRequests, seconds, read, result: audit(read, records) };
}
