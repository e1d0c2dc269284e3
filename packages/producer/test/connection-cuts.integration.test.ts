// Idempotent producing through a TCP proxy that keeps cutting connections in the middle of
// responses: read back directly from the broker, nothing may be lost, duplicated or reordered.
// The same on 3 nodes: leader-kill.integration.test.ts.
import { createTopic } from '@lk/kafka-harness';
import { expect, inject, it } from 'vitest';
import { produceThroughCuts, uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const RECORDS = Number(process.env.LK_PRODUCER_CUT_RECORDS ?? 20_000);

it(`loses, duplicates and reorders nothing of ${RECORDS} records while responses are cut mid-frame`, async () => {
  const topic = uniqueTopic('cuts');
  await createTopic(kafka, topic, { partitions: 6, replicationFactor: 1 });
  const { result, cuts, cutRequests } = await produceThroughCuts(kafka, topic, RECORDS, 2);
  console.log(`${RECORDS} records, ${cutRequests} produce requests cut, ${cuts} rounds:`, result);
  expect(result).toEqual({ lost: 0, duplicated: 0, reordered: 0, misplaced: 0 });
});
