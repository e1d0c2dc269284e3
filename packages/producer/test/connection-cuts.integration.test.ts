// Idempotent producing through a TCP proxy that keeps cutting connections in the middle of
// responses: read back directly from the broker, nothing may be lost, duplicated or reordered.
import { startChaosProxy } from '@lk/chaos-proxy';
import { createTopic } from '@lk/kafka-harness';
import { expect, inject, it } from 'vitest';
import { Producer } from '../src/producer.ts';
import { type ProducerRequestMessage, producerRequestChannel } from '../src/sender.ts';
import { audit, numberedRecords, readWithKcat, uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const RECORDS = Number(process.env.LK_PRODUCER_CUT_RECORDS ?? 20_000);
const PER_CALL = 200;

it(`loses, duplicates and reorders nothing of ${RECORDS} records while responses are cut mid-frame`, async () => {
  const topic = uniqueTopic('cuts');
  await createTopic(kafka, topic, { partitions: 6, replicationFactor: 1 });
  const proxy = await startChaosProxy({ upstream: kafka.bootstrap });
  const producer = new Producer({ bootstrap: proxy.bootstrap, requestTimeoutMs: 5000, lingerMs: 2 });
  const failures: Error[] = [];
  let cuts = 0;
  // Produce requests that lost their connection: the cuts must have hit produce responses.
  let cutRequests = 0;
  const onRequest = (message: unknown): void => {
    if ((message as ProducerRequestMessage).error !== null) cutRequests++;
  };
  producerRequestChannel.subscribe(onRequest);
  // Every 150 ms the next response on every connection is cut somewhere inside its frame.
  const cutter = setInterval(() => {
    proxy.setAll('down', { kind: 'cut', afterBytes: 5 + Math.floor(Math.random() * 60) });
    cuts++;
  }, 150);
  try {
    const sends: Promise<unknown>[] = [];
    for (let call = 0; call * PER_CALL < RECORDS; call++) {
      const records = numberedRecords(call, PER_CALL);
      sends.push(producer.send(topic, records).catch((error: Error) => failures.push(error)));
      // Paced (about 2 s in all), so that the cuts land whatever the machine's speed: unpaced, an
      // idle machine produced everything in 0.3 s, before the first cut.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await Promise.all(sends);
  } finally {
    clearInterval(cutter);
    producerRequestChannel.unsubscribe(onRequest);
    await producer.close();
    await proxy.close();
  }
  expect(failures.map((e) => e.message).slice(0, 3)).toEqual([]);
  expect(cuts).toBeGreaterThan(3);
  expect(cutRequests).toBeGreaterThan(0);
  const read = await readWithKcat(kafka, topic, RECORDS * 2);
  const result = audit(read, RECORDS);
  console.log(`${RECORDS} records, ${cutRequests} produce requests cut, ${cuts} rounds:`, result);
  expect(result).toEqual({ lost: 0, duplicated: 0, reordered: 0, misplaced: 0 });
});
