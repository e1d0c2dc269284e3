/// <reference types="@lk/kafka-harness/vitest-provide" />
// Broker interop for every @lk/compress-* codec, run by each package's *.integration.test.ts:
// batches compressed by librdkafka (kcat) and by the Java producer are fetched and decoded by lk;
// batches lk compresses and produces are consumed by kcat and by the Java consumer.
import { randomUUID } from 'node:crypto';
import { Builder, type Codec } from '@lk/batch';
import { createTopic } from '@lk/kafka-harness';
import { describe, expect, inject, it } from 'vitest';
import { expectClockTimestamps, expectRecordSet } from './broker-fixtures.ts';
import { fetchRecordSet, firstBatchCompression, produceRecordSet } from './broker-io.ts';
import { consumeWithJava, consumeWithKcat, javaLine, kcatLine } from './external-consumers.ts';
import { type CompressionName, produceWithJava, produceWithKcat } from './external-producers.ts';
import { codecLines, toRecordToAdd } from './interop-records.ts';

/** `kafkaName`: the codec's name for kcat's `-z` and Java's `compression.type`. */
export function describeBrokerInterop(codec: Codec, kafkaName: CompressionName): void {
  describe(`${kafkaName} against a real broker`, () => {
    const info = inject('kafka');
    const newTopic = async () => {
      const topic = `lk-${kafkaName}-${randomUUID().slice(0, 8)}`;
      await createTopic(info, topic, { partitions: 1, replicationFactor: 1 });
      return topic;
    };
    const expectDecoded = async (topic: string, who: string) => {
      const raw = await fetchRecordSet(info.bootstrap, topic);
      expect(firstBatchCompression(raw)).toBe(codec.type);
      expectClockTimestamps(expectRecordSet(raw, codecLines(who), [codec]));
    };

    it('decodes batches kcat (librdkafka) compressed', async () => {
      const topic = await newTopic();
      await produceWithKcat(info.bootstrap, topic, codecLines('kcat'), kafkaName);
      await expectDecoded(topic, 'kcat');
    });

    it('decodes batches the Java producer compressed', async () => {
      const topic = await newTopic();
      await produceWithJava(info.bootstrap, topic, codecLines('java'), kafkaName);
      await expectDecoded(topic, 'java');
    });

    const produceWithLk = async () => {
      const topic = await newTopic();
      const sent = codecLines('lk');
      const builder = new Builder();
      for (const record of sent) builder.add(toRecordToAdd(record));
      await produceRecordSet(info.bootstrap, topic, builder.build().compress(codec).marshal());
      return { topic, sent: sent.map((record, offset) => ({ ...record, offset })) };
    };

    it('produces batches kcat consumes', async () => {
      const { topic, sent } = await produceWithLk();
      expect(await consumeWithKcat(info.bootstrap, topic, sent.length)).toEqual(sent.map(kcatLine));
    });

    it('produces batches the Java consumer consumes', async () => {
      const { topic, sent } = await produceWithLk();
      expect(await consumeWithJava(info.bootstrap, topic, sent.length)).toEqual(sent.map(javaLine));
    });
  });
}
