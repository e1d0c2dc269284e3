/// <reference types="@lk/kafka-harness/vitest-provide" />
// Uncompressed batches against a real broker and two independent clients: lk's batches are read by
// kcat (librdkafka) and the Java consumer; kcat's and the Java producer's are read by lk.
import { randomUUID } from 'node:crypto';
import { Builder } from '@lk/batch';
import { expectClockTimestamps, expectRecordSet } from '@lk/codec-testkit/broker-fixtures';
import { fetchRecordSet, firstBatchCompression, produceRecordSet } from '@lk/codec-testkit/broker-io';
import { consumeWithJava, consumeWithKcat, javaLine, kcatLine } from '@lk/codec-testkit/external-consumers';
import { produceWithJava, produceWithKcat } from '@lk/codec-testkit/external-producers';
import { JAVA_RECORDS, KCAT_RECORDS, LK_RECORDS, toRecordToAdd } from '@lk/codec-testkit/interop-records';
import { createTopic } from '@lk/kafka-harness';
import { describe, expect, inject, it } from 'vitest';

describe('uncompressed batches against a real broker', () => {
  const info = inject('kafka');
  const newTopic = async () => {
    const topic = `lk-batch-${randomUUID().slice(0, 8)}`;
    await createTopic(info, topic, { partitions: 1, replicationFactor: 1 });
    return topic;
  };

  describe('written by lk', () => {
    const sent = LK_RECORDS.map((record, offset) => ({ ...record, offset }));
    const produceWithLk = async () => {
      const topic = await newTopic();
      const builder = new Builder();
      for (const record of LK_RECORDS) builder.add(toRecordToAdd(record));
      await produceRecordSet(info.bootstrap, topic, builder.build().marshal());
      return topic;
    };

    it('are read back exactly by kcat: keys, nulls, empties, headers, timestamps, offsets', async () => {
      const topic = await produceWithLk();
      expect(await consumeWithKcat(info.bootstrap, topic, sent.length)).toEqual(sent.map(kcatLine));
    });

    it('are read back exactly by the Java consumer', async () => {
      const topic = await produceWithLk();
      expect(await consumeWithJava(info.bootstrap, topic, sent.length)).toEqual(sent.map(javaLine));
    });

    it('are served by the broker as lk wrote them, with the broker offsets', async () => {
      const topic = await produceWithLk();
      const raw = await fetchRecordSet(info.bootstrap, topic);
      expect(firstBatchCompression(raw)).toBe(0);
      const records = expectRecordSet(raw, LK_RECORDS);
      expect(records.map((r) => r.timestamp)).toEqual(LK_RECORDS.map((r) => r.timestamp));
    });
  });

  describe('read by lk', () => {
    it('decodes what kcat (librdkafka) wrote: null keys and values, duplicate and null headers', async () => {
      const topic = await newTopic();
      await produceWithKcat(info.bootstrap, topic, KCAT_RECORDS);
      expectClockTimestamps(expectRecordSet(await fetchRecordSet(info.bootstrap, topic), KCAT_RECORDS));
    });

    it('decodes what the Java producer wrote: per-record headers, null and empty fields', async () => {
      const topic = await newTopic();
      await produceWithJava(info.bootstrap, topic, JAVA_RECORDS);
      expectClockTimestamps(expectRecordSet(await fetchRecordSet(info.bootstrap, topic), JAVA_RECORDS));
    });
  });
});
