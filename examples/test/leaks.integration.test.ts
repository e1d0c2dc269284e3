// After close(), the layers (Producer, Consumer, Admin) leave no open handle behind, like the
// clients below them (packages/client/test/leaks.integration.test.ts): each is used for real
// against the broker, closed, and every socket and timer it made must be gone.
import { Admin } from '@lk/admin';
import { Consumer } from '@lk/consumer';
import { Producer } from '@lk/producer';
import { describe, expect, inject, it } from 'vitest';
import { expectNoLeak } from '../../packages/client/test/leak-check.ts';

const kafka = inject('kafka');
const unique = (prefix: string) => `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const topic = unique('leaks-layers');

describe('no open handle after close()', () => {
  it('Admin, after creating and listing topics', async () => {
    await expectNoLeak(async () => {
      const admin = new Admin({ bootstrap: kafka.bootstrap });
      await admin.createTopics([{ name: topic, numPartitions: 2 }], { throwOnError: true });
      expect(await admin.listTopics()).toContain(topic);
      return admin;
    });
  });

  it('Producer, with records sent and acknowledged', async () => {
    await expectNoLeak(async () => {
      const producer = new Producer({ bootstrap: kafka.bootstrap });
      await producer.send(topic, [
        { key: 'a', value: 'one' },
        { key: 'b', value: 'two' },
      ]);
      return producer;
    });
  });

  it('Consumer, a group member that read records', async () => {
    await expectNoLeak(async () => {
      const consumer = new Consumer({
        bootstrap: kafka.bootstrap,
        groupId: unique('leaks-group'),
        topics: [topic],
        autoOffsetReset: 'earliest',
      });
      let read = 0;
      for await (const batch of consumer) {
        read += batch.records.length;
        if (read >= 2) break;
      }
      return consumer;
    });
  });
});
