import { describe, expect, inject, it } from 'vitest';
import { Consumer, NoOffsetError } from '../src/index.ts';
import { consumeCount, newTopic, produce, unique, until, values } from './helpers.ts';

const kafka = inject('kafka');
const decoder = new TextDecoder();
const supports848 = kafka.version.startsWith('4.');

async function topicWith(partitions: number, perPartition: number): Promise<string> {
  const topic = await newTopic(kafka.bootstrap, 'consumer', partitions);
  await produce(kafka.bootstrap, topic, partitions, perPartition);
  return topic;
}

describe('Consumer, manual assignment', () => {
  it('reads every record of its partitions in order from earliest, with lag', async () => {
    const topic = await topicWith(3, 1000);
    const consumer = new Consumer({
      bootstrap: kafka.bootstrap,
      assignment: [0, 1, 2].map((partition) => ({ topic, partition })),
      autoOffsetReset: 'earliest',
    });
    try {
      const seen = await consumeCount(consumer, 3000);
      expect(seen).toHaveLength(3000);
      for (const p of [0, 1, 2]) {
        const mine = seen.filter((v) => v.startsWith(`p${p}-`));
        expect(mine).toEqual(Array.from({ length: 1000 }, (_, i) => `p${p}-${i}`));
      }
      await until(() => consumer.lag().every((l) => l.lag === 0n), 10_000, 'lag 0');
      expect(consumer.lag().map((l) => l.highWatermark)).toEqual([1000n, 1000n, 1000n]);
    } finally {
      await consumer.close();
    }
  });

  it('reuseMemory: cursor and records read every record right while old batches read as empty once processed', async () => {
    // Batches of 500 records of ~1 kB: responses far above the 64 KiB a socket read may hold whole
    // (those get memory of their own), one batch per partition per fetch.
    const padding = 'x'.repeat(1000);
    const topic = await newTopic(kafka.bootstrap, 'consumer', 3);
    await produce(kafka.bootstrap, topic, 3, 3000, padding);
    const consumer = new Consumer({
      bootstrap: kafka.bootstrap,
      assignment: [0, 1, 2].map((partition) => ({ topic, partition })),
      autoOffsetReset: 'earliest',
      maxPartitionBytes: 100_000,
      reuseMemory: true,
    });
    const seen: string[] = [];
    const views: Uint8Array[] = [];
    try {
      for await (const batch of consumer.batches(AbortSignal.timeout(60_000))) {
        // The cursor walks what the records hold, without decoding them first.
        const walked: string[] = [];
        const offsets: bigint[] = [];
        for (const cursor = batch.cursor(); cursor.next(); ) {
          walked.push(decoder.decode(cursor.value()!));
          offsets.push(cursor.offset());
        }
        expect(batch.recordCount).toBe(walked.length);
        expect(walked).toEqual(values(batch));
        expect(offsets).toEqual(batch.records.map((r) => r.offset));
        seen.push(...walked);
        views.push(batch.records[0]!.value!);
        if (seen.length >= 9000) break;
      }
    } finally {
      await consumer.close();
    }
    for (const p of [0, 1, 2]) {
      const mine = seen.filter((v) => v.startsWith(`p${p}-`));
      expect(mine).toEqual(Array.from({ length: 3000 }, (_, i) => `p${p}-${i}${padding}`));
    }
    // A processed batch's views were handed back: empty, never a later response's bytes.
    expect(views.length).toBeGreaterThanOrEqual(18);
    expect(views.filter((v) => v.length === 0).length).toBeGreaterThan(views.length / 2);
  });

  it('seeks to an offset and to latest; autoOffsetReset none throws a typed error', async () => {
    const topic = await topicWith(1, 100);
    const tp = { topic, partition: 0 };
    const consumer = new Consumer({
      bootstrap: kafka.bootstrap,
      assignment: [tp],
      autoOffsetReset: 'earliest',
    });
    try {
      await consumer.start();
      await until(() => consumer.lag()[0]?.position !== null, 10_000, 'a position');
      await consumer.seek(tp, 90n);
      const seen = await consumeCount(consumer, 10);
      expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => `p0-${90 + i}`));
      expect(await consumer.seek(tp, 'latest')).toBe(100n);
    } finally {
      await consumer.close();
    }
    const strict = new Consumer({
      bootstrap: kafka.bootstrap,
      assignment: [tp],
      groupId: unique('g'),
      autoOffsetReset: 'none',
    });
    try {
      const error = await consumeCount(strict, 1).then(
        () => null,
        (e: Error) => e,
      );
      expect(error).toBeInstanceOf(NoOffsetError);
      expect((error as NoOffsetError).code).toBe('LK_CONSUMER_NO_OFFSET');
    } finally {
      await strict.close();
    }
  });
});

describe.each([
  ['classic', 'classic' as const],
  ['consumer (KIP-848 on 4.x, classic fallback on 3.9)', 'auto' as const],
])('Consumer in a group, %s', (_name, groupProtocol) => {
  it('two members split the partitions, read every record once, commit, and a restart resumes', async () => {
    const topic = await topicWith(4, 500);
    const groupId = unique('group');
    const options = {
      bootstrap: kafka.bootstrap,
      groupId,
      topics: [topic],
      groupProtocol,
      autoOffsetReset: 'earliest' as const,
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 500,
      autoCommitIntervalMs: 500,
    };
    const a = new Consumer(options);
    const b = new Consumer(options);
    const protocols: string[] = [];
    a.on('protocol', (p) => protocols.push(p));
    const seen = new Map<string, number>();
    const ac = new AbortController();
    const count = (batchValues: string[]) => {
      for (const v of batchValues) seen.set(v, (seen.get(v) ?? 0) + 1);
    };
    const runs = [a, b].map((c) => c.run({ eachBatch: (batch) => count(values(batch)), signal: ac.signal }));
    try {
      await until(() => seen.size === 2000, 60_000, 'all records');
      await until(
        () => a.assignment().length > 0 && b.assignment().length > 0,
        30_000,
        'both members assigned',
      );
      expect(a.assignment().length + b.assignment().length).toBe(4);
      expect(a.protocol).toBe(groupProtocol === 'classic' || !supports848 ? 'classic' : 'consumer');
      expect(protocols.at(-1)).toBe(a.protocol);
    } finally {
      ac.abort();
      await Promise.all(runs);
      await Promise.all([a.close(), b.close()]);
    }
    // Rebalances may redeliver a batch that was not committed yet, never lose one.
    expect(seen.size).toBe(2000);
    // Closing committed what was processed: a new member continues from there.
    await produce(kafka.bootstrap, topic, 4, 1);
    const c = new Consumer(options);
    try {
      const more = await consumeCount(c, 4, 30_000);
      expect(more.sort()).toEqual(['p0-0', 'p1-0', 'p2-0', 'p3-0']);
      const committed = await c.committed([0, 1, 2, 3].map((partition) => ({ topic, partition })));
      expect(committed.map((o) => o.offset)).toEqual([500n, 500n, 500n, 500n]);
      expect(committed.every((o) => o.leaderEpoch >= 0)).toBe(true);
    } finally {
      await c.close();
    }
  });
});
