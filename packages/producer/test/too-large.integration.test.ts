// Batches the broker refuses as larger than the topic's max.message.bytes are split and resent in
// order (idempotent sequences kept); a record too large on its own fails with its typed error.
import { ErrorCode, KafkaError } from '@lk/api';
import { ProduceError } from '@lk/client';
import { createTopic } from '@lk/kafka-harness';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Producer } from '../src/producer.ts';
import { type ProducerRequestMessage, producerRequestChannel } from '../src/sender.ts';
import { readWithKcat, uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const MAX_MESSAGE_BYTES = 4096;
const RECORDS = 300;
/** The one record larger than the topic takes. */
const HUGE = 150;
const open: Producer[] = [];

afterAll(async () => {
  await Promise.all(open.map((p) => p.close({ force: true })));
});

describe('Producer and MESSAGE_TOO_LARGE', () => {
  for (const idempotent of [true, false]) {
    it(`splits batches the topic refuses and fails only the record too large alone (idempotent: ${idempotent})`, async () => {
      const topic = uniqueTopic(`too-large-${idempotent ? 'idem' : 'plain'}`);
      await createTopic(kafka, topic, {
        partitions: 1,
        replicationFactor: 1,
        configs: { 'max.message.bytes': String(MAX_MESSAGE_BYTES) },
      });
      const refused: number[] = [];
      const listener = (message: unknown): void => {
        for (const p of (message as ProducerRequestMessage).partitions) {
          if (p.topic === topic && p.errorCode === ErrorCode.MESSAGE_TOO_LARGE) refused.push(p.records);
        }
      };
      producerRequestChannel.subscribe(listener);
      // 300 records of ~210 B gather into one 64 KiB batch (linger 50 ms): 16 times the limit.
      const lk = new Producer({
        bootstrap: kafka.bootstrap,
        idempotent,
        acks: idempotent ? -1 : 1,
        batchSize: 65_536,
        lingerMs: 50,
        // Without idempotence only one request in flight keeps the order across a retry (as in Java).
        ...(idempotent ? {} : { maxInFlight: 1 }),
      });
      open.push(lk);
      const sends = Array.from({ length: RECORDS }, (_, i) =>
        lk.send(topic, { key: String(i), value: 'v'.repeat(i === HUGE ? 5000 : 200) }),
      );
      const results = await Promise.allSettled(sends);
      producerRequestChannel.unsubscribe(listener);
      await lk.close();

      const failure = results[HUGE]!;
      expect(failure.status).toBe('rejected');
      const error = (failure as PromiseRejectedResult).reason;
      expect(error).toBeInstanceOf(ProduceError);
      expect(error.outcome).toBe('NOT_PERSISTED');
      expect(error.cause).toBeInstanceOf(KafkaError);
      expect(error.cause.errorCode).toBe(ErrorCode.MESSAGE_TOO_LARGE);
      // Everything else was written once, in send order, at consecutive offsets.
      const offsets = results
        .filter((_, i) => i !== HUGE)
        .map((r) => {
          expect(r.status).toBe('fulfilled');
          return Number((r as PromiseFulfilledResult<{ offset: bigint }>).value.offset);
        });
      expect(offsets).toEqual(Array.from({ length: RECORDS - 1 }, (_, i) => i));
      const read = await readWithKcat(kafka, topic, RECORDS - 1);
      expect(read.map((r) => Number(r.key))).toEqual(
        Array.from({ length: RECORDS }, (_, i) => i).filter((i) => i !== HUGE),
      );
      // The split really happened: the first refused batch held many records, the last one only the huge one.
      expect(refused.length).toBeGreaterThan(2);
      expect(Math.max(...refused)).toBeGreaterThan(100);
      expect(refused).toContain(1);
    });
  }
});
