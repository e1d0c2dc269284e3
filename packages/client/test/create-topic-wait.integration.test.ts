// createTopic waits for leaders on every broker: producing right after it succeeds at the first try.
import diagnosticsChannel from 'node:diagnostics_channel';
import { ErrorCode } from '@lk/api';
import { describe, expect, inject, it } from 'vitest';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import { PartitionProducer } from '../src/partition-producer.ts';
import { uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const ROUNDS = 50;

describe('createTopic then produce', () => {
  it(`succeeds at the first attempt ${ROUNDS} times in a row`, async () => {
    const admin = new BootstrapClient(kafka.bootstrap);
    const retries: unknown[] = [];
    const listener = (m: unknown) => retries.push(m);
    diagnosticsChannel.subscribe('lk:retry', listener);
    const topics: string[] = [];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const topic = uniqueTopic('created');
        topics.push(topic);
        await admin.createTopic(topic, { numPartitions: 1 });
        const producer = new PartitionProducer({ bootstrap: kafka.bootstrap, topic, partition: 0 });
        try {
          const result = await producer.produceStrings([`round ${round}`]);
          expect(result.baseOffset).toBe(0n);
        } finally {
          producer.close();
        }
      }
    } finally {
      diagnosticsChannel.unsubscribe('lk:retry', listener);
      await admin.deleteTopics(topics);
    }
    expect(retries).toEqual([]);
  });

  it('waits for nothing when asked not to, and for nothing when only validating', async () => {
    const admin = new BootstrapClient(kafka.bootstrap);
    const topic = uniqueTopic('validate');
    const validated = await admin.createTopics([{ name: topic, numPartitions: 1 }], { validateOnly: true });
    expect(validated.topics[0]!.errorCode).toBe(ErrorCode.NONE);
    expect((await admin.metadata([topic])).topics[0]!.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const created = await admin.createTopics([{ name: topic, numPartitions: 2 }], { waitForLeaders: false });
    expect(created.topics[0]!.errorCode).toBe(ErrorCode.NONE);
    await admin.deleteTopics([topic]);
  });
});
