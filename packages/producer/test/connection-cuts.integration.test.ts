// Idempotent producing through a TCP proxy that keeps cutting connections in the middle of
// responses: read back directly from the broker, nothing may be lost, duplicated or reordered.
// The same on 3 nodes: leader-kill.integration.test.ts.
import { startChaosProxy } from '@lk/chaos-proxy';
import { createTopic } from '@lk/kafka-harness';
import { expect, inject, it } from 'vitest';
import { Producer } from '../src/producer.ts';
import { audit, produceThroughCuts, readWithKcat, uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const RECORDS = Number(process.env.LK_PRODUCER_CUT_RECORDS ?? 20_000);
const PER_CALL = 200;

it(`loses, duplicates and reorders nothing of ${RECORDS} records while responses are cut mid-frame`, async () => {
  const topic = uniqueTopic('cuts');
  await createTopic(kafka, topic, { partitions: 6, replicationFactor: 1 });
  const proxy = await startChaosProxy({ upstream: kafka.bootstrap });
  const producer = new Producer({ bootstrap: proxy.bootstrap, requestTimeoutMs: 5000, lingerMs: 2 });
  let run: Awaited<ReturnType<typeof produceThroughCuts>>;
  try {
    run = await produceThroughCuts(producer, proxy, topic, RECORDS, PER_CALL);
  } finally {
    await producer.close();
    await proxy.close();
  }
  expect(run.failures.map((e) => e.message).slice(0, 3)).toEqual([]);
  expect(run.cuts).toBeGreaterThan(3);
  expect(run.cutRequests).toBeGreaterThan(0);
  const read = await readWithKcat(kafka, topic, RECORDS * 2);
  const result = audit(read, RECORDS);
  console.log(`${RECORDS} records, ${run.cutRequests} produce requests cut, ${run.cuts} rounds:`, result);
  expect(result).toEqual({ lost: 0, duplicated: 0, reordered: 0, misplaced: 0 });
});
