// The consumer's features against the real broker: pause/resume, read_committed with a Java
// transactional producer, static membership across a crash and restart, and (4.x) one group of
// classic and KIP-848 members.
import { fileURLToPath } from 'node:url';
import { javaTool } from '@lk/kafka-harness';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { Consumer, type PartitionBatch, RangeAssignor } from '../src/index.ts';
import { newTopic, produce, unique, until, values } from './helpers.ts';
import { heldAt, killMembers, startMember } from './member-process.ts';

const kafka = inject('kafka');
const supports848 = kafka.version.startsWith('4.');
const TRANSACTIONAL_PRODUCER = fileURLToPath(new URL('./java/TransactionalProducer.java', import.meta.url));

/** Runs `consumer` in the background, collecting its batches, until the returned stop is called. */
function collect(consumer: Consumer): { batches: PartitionBatch[]; stop: () => Promise<void> } {
  const batches: PartitionBatch[] = [];
  const abort = new AbortController();
  const running = consumer.run({ eachBatch: (b) => void batches.push(b), signal: abort.signal });
  return {
    batches,
    stop: async () => {
      abort.abort();
      await running;
      await consumer.close();
    },
  };
}

const valuesOf = (batches: PartitionBatch[], partition: number): string[] =>
  batches.filter((b) => b.partition === partition).flatMap(values);

afterEach(killMembers);

describe('pause and resume', () => {
  it('a paused partition hands out nothing, and resumes at the offset after the last batch', async () => {
    const topic = await newTopic(kafka.bootstrap, 'features', 2);
    await produce(kafka.bootstrap, topic, 2, 200);
    const consumer = new Consumer({
      bootstrap: kafka.bootstrap,
      assignment: [0, 1].map((partition) => ({ topic, partition })),
      autoOffsetReset: 'earliest',
      maxWaitMs: 200,
    });
    const { batches, stop } = collect(consumer);
    try {
      await until(() => batches.flatMap(values).length === 400, 30_000, 'the first 400 records');
      consumer.pause([{ topic, partition: 0 }]);
      const pausedAt = batches.length;
      // A fetch may be in flight for partition 0 right now: what it brings is held back too.
      await produce(kafka.bootstrap, topic, 2, 100);
      await until(() => valuesOf(batches, 1).length === 300, 30_000, 'partition 1 goes on');
      await new Promise((r) => setTimeout(r, 1_000));
      expect(batches.slice(pausedAt).filter((b) => b.partition === 0)).toEqual([]);
      // Nothing was handed out, so the position did not move. The lag is counted from the last fetch's
      // high watermark: 100 if the fetch in flight at pause() brought the new records, else 0.
      const paused = consumer.lag().find((l) => l.partition === 0)!;
      expect(paused.position).toBe(200n);
      expect(paused.lag).toBe(paused.highWatermark - 200n);
      expect([200n, 300n]).toContain(paused.highWatermark);
      consumer.resume([{ topic, partition: 0 }]);
      await until(() => valuesOf(batches, 0).length >= 300, 30_000, 'partition 0 after resume');
      // Every record once, in order: the position neither skipped nor went back.
      expect(valuesOf(batches, 0)).toEqual(
        Array.from({ length: 300 }, (_, i) => `p0-${i < 200 ? i : i - 200}`),
      );
      expect(valuesOf(batches, 1)).toEqual(
        Array.from({ length: 300 }, (_, i) => `p1-${i < 200 ? i : i - 200}`),
      );
    } finally {
      await stop();
    }
  });
});

describe('read_committed', () => {
  it('reads only committed transactions of a Java transactional producer; read_uncommitted reads all', async () => {
    const topic = await newTopic(kafka.bootstrap, 'features', 1);
    const transactions = 6;
    const perTransaction = 50;
    const produced = await javaTool(
      TRANSACTIONAL_PRODUCER,
      [kafka.bootstrap, topic, unique('tx'), String(transactions), String(perTransaction)],
      { version: kafka.version, timeoutMs: 90_000 },
    );
    expect(produced.code, produced.stderr.slice(-2000)).toBe(0);
    const read = async (isolationLevel: 'read_committed' | 'read_uncommitted'): Promise<string[]> => {
      const consumer = new Consumer({
        bootstrap: kafka.bootstrap,
        assignment: [{ topic, partition: 0 }],
        autoOffsetReset: 'earliest',
        isolationLevel,
        maxWaitMs: 200,
      });
      const { batches, stop } = collect(consumer);
      try {
        // The end: 6 × 50 records and one commit or abort marker per transaction.
        const end = BigInt(transactions * (perTransaction + 1));
        await until(
          () => consumer.lag()[0]?.position === end,
          30_000,
          `${isolationLevel} reaches the end of the log`,
        );
        return batches.flatMap(values);
      } finally {
        await stop();
      }
    };
    const committed = Array.from({ length: transactions / 2 }, (_, k) =>
      Array.from({ length: perTransaction }, (_, i) => `c${2 * k}-${i}`),
    ).flat();
    expect(await read('read_committed')).toEqual(committed);
    const all = await read('read_uncommitted');
    expect(all).toHaveLength(transactions * perTransaction);
    expect(all.filter((v) => v.startsWith('a'))).toHaveLength((transactions / 2) * perTransaction);
  });
});

describe('static membership (classic, eager range)', () => {
  it('a member restarted with its groupInstanceId within the session gets its partitions back; the other is not rebalanced', async () => {
    const topic = await newTopic(kafka.bootstrap, 'features', 6);
    const groupId = unique('static');
    const spec = { topic, groupId, protocol: 'classic', assignor: 'range' };
    const a = startMember(kafka.bootstrap, { ...spec, groupInstanceId: 'member-a' });
    const b = startMember(kafka.bootstrap, { ...spec, groupInstanceId: 'member-b' });
    await until(
      () => heldAt(a, Date.now()).size === 3 && heldAt(b, Date.now()).size === 3,
      60_000,
      'both members hold 3 partitions',
    );
    // Settled: no rebalance under way (an eager rebalance would revoke all of b's partitions).
    await new Promise((r) => setTimeout(r, 2_000));
    const aHeld = [...heldAt(a, Date.now())].sort();
    const bEvents = b.events.length;
    a.process.kill('SIGKILL');
    await a.exited;
    // The worker's session timeout is 6 s: the restart comes well within it.
    const restartedAt = Date.now();
    const a2 = startMember(kafka.bootstrap, { ...spec, groupInstanceId: 'member-a' });
    await until(() => heldAt(a2, Date.now()).size > 0, 30_000, 'the restarted member assigned');
    const backAfter = Date.now() - restartedAt;
    expect([...heldAt(a2, Date.now())].sort()).toEqual(aHeld);
    // Beyond the session timeout: had the restart not been recognised, the group would have rebalanced by now.
    await new Promise((r) => setTimeout(r, 7_000));
    expect(b.events.slice(bEvents)).toEqual([]);
    expect([...heldAt(a2, Date.now())].sort()).toEqual(aHeld);
    console.log(`[consumer static] ${kafka.version}: partitions back ${backAfter} ms after the restart`);
  });
});

// Kafka 4.x only: 3.9 has no consumer groups that classic members can join.
if (supports848) {
  describe('a classic and a KIP-848 member in one group (4.x)', () => {
    it('split the partitions and together read every record once', async () => {
      const topic = await newTopic(kafka.bootstrap, 'features', 6);
      const member = { bootstrap: kafka.bootstrap, groupId: unique('mixed-protocols'), topics: [topic] };
      const common = { ...member, autoOffsetReset: 'earliest' as const, autoCommitIntervalMs: 500 };
      // The KIP-848 member creates the group as a consumer group; the classic member joins it.
      const modern = new Consumer({ ...common, groupProtocol: 'consumer' });
      const m = collect(modern);
      await until(() => modern.assignment().length === 6, 30_000, 'the KIP-848 member holds all');
      const classic = new Consumer({
        ...common,
        groupProtocol: 'classic',
        assignors: [new RangeAssignor()],
        sessionTimeoutMs: 10_000,
      });
      const c = collect(classic);
      try {
        await until(
          () =>
            classic.assignment().length > 0 && modern.assignment().length + classic.assignment().length === 6,
          60_000,
          'a split between the two',
        );
        await produce(kafka.bootstrap, topic, 6, 200);
        const seen = () => [...m.batches, ...c.batches].flatMap(values);
        await until(() => seen().length >= 1200, 60_000, 'every record');
        await new Promise((r) => setTimeout(r, 1_000));
        expect(m.batches.length).toBeGreaterThan(0);
        expect(c.batches.length).toBeGreaterThan(0);
        expect(new Set(seen()).size).toBe(1200);
        expect(seen()).toHaveLength(1200);
      } finally {
        await c.stop();
        await m.stop();
      }
    });
  });
}
