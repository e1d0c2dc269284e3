// The consumer layer's failure cases through the chaos proxy, against the real broker: two group
// members consume while records keep coming, and their connections to the group coordinator and
// to the partition leader are cut (mid-response or reset) in turn. Every record must be read at
// least once, no member may skip an offset of a partition it holds, and the members recover by
// themselves: both still hold partitions and read what is produced after the faults.
import { ApiKey } from '@lk/api';
import {
  type ChaosProxy,
  type Fault,
  type ProxiedConnection,
  Random,
  startChaosProxy,
} from '@lk/chaos-proxy';
import { BootstrapClient, PartitionProducer } from '@lk/client';
import { describe, expect, inject, it } from 'vitest';
import { Consumer, type PartitionBatch } from '../src/index.ts';
import { unique, until, values } from './helpers.ts';

const kafka = inject('kafka');
const supports848 = kafka.version.startsWith('4.');
const PARTITIONS = 4;
const ROUNDS = 30;
const PER_ROUND = 20;
const ROUND_MS = 100;

/** What a connection carries, from the requests the proxy saw on it. */
const GROUP_APIS = [
  ApiKey.JoinGroup,
  ApiKey.SyncGroup,
  ApiKey.Heartbeat,
  ApiKey.OffsetCommit,
  ApiKey.OffsetFetch,
  ApiKey.ConsumerGroupHeartbeat,
];
const carries = (c: ProxiedConnection, apis: readonly number[]) => apis.some((api) => c.requests.has(api));

/** Connections cut that carried both group and fetch requests (a shared connection to the broker). */
let shared = 0;

/** Cuts every live connection that carries `apis`: the next answer mid-frame, or a reset. */
function cut(proxy: ChaosProxy, apis: readonly number[], random: Random): number {
  let hit = 0;
  for (const c of proxy.connections) {
    if (c.closed || !carries(c, apis)) continue;
    const fault: Fault =
      random.next() < 0.5
        ? { kind: 'reset' }
        : { kind: 'cut', afterBytes: random.int(0, 60), reset: random.next() < 0.5 };
    c.set(fault.kind === 'reset' ? 'up' : 'down', fault);
    hit++;
    if (carries(c, GROUP_APIS) && c.requests.has(ApiKey.Fetch)) shared++;
  }
  return hit;
}

/** One member's reading: every offset of a partition must follow the last, while it holds it. */
class Reader {
  readonly seen = new Map<string, number>();
  skipped = 0;
  rejoins = 0;
  private readonly next = new Map<number, bigint>();

  readonly consumer: Consumer;

  constructor(consumer: Consumer) {
    this.consumer = consumer;
    // A partition (re)assigned starts from its committed offset: no expectation carries over.
    consumer.on('assigned', (tps) => {
      for (const tp of tps) this.next.delete(tp.partition);
    });
    consumer.on('rejoin', () => this.rejoins++);
  }

  read(batch: PartitionBatch): void {
    const first = batch.records[0]?.offset;
    const expected = this.next.get(batch.partition);
    if (first !== undefined && expected !== undefined && first > expected)
      this.skipped += Number(first - expected);
    const last = batch.records.at(-1);
    if (last !== undefined) this.next.set(batch.partition, last.offset + 1n);
    for (const v of values(batch)) this.seen.set(v, (this.seen.get(v) ?? 0) + 1);
  }
}

const modes = [
  { name: 'classic', groupProtocol: 'classic' as const },
  ...(supports848 ? [{ name: 'KIP-848', groupProtocol: 'consumer' as const }] : []),
];

describe.each(modes)(
  '2 members through cut coordinator and leader connections: $name',
  ({ groupProtocol }) => {
    it('read every record at least once, skip none, and recover by themselves', async () => {
      const topic = unique('proxy-faults');
      await new BootstrapClient(kafka.bootstrap).createTopic(topic, {
        numPartitions: PARTITIONS,
        replicationFactor: 1,
      });
      const proxy = await startChaosProxy({ upstream: kafka.bootstrap });
      const options = {
        bootstrap: proxy.bootstrap,
        groupId: unique('proxy-faults-group'),
        topics: [topic],
        groupProtocol,
        autoOffsetReset: 'earliest' as const,
        requestTimeoutMs: 3000,
        sessionTimeoutMs: 10_000,
        heartbeatIntervalMs: 300,
        autoCommitIntervalMs: 300,
        maxPartitionBytes: 4096,
      };
      const readers = [new Reader(new Consumer(options)), new Reader(new Consumer(options))];
      const stop = new AbortController();
      const runs = readers.map((r) =>
        r.consumer.run({ eachBatch: (batch) => r.read(batch), signal: stop.signal }),
      );
      const producers = Array.from(
        { length: PARTITIONS },
        (_, partition) => new PartitionProducer({ bootstrap: kafka.bootstrap, topic, partition }),
      );
      const random = new Random(groupProtocol === 'classic' ? 31 : 32);
      const hits = { coordinator: 0, leader: 0 };
      shared = 0;
      let produced = 0;
      const produceRound = async (round: number) => {
        await Promise.all(
          producers.map((p, partition) =>
            p.produceStrings(Array.from({ length: PER_ROUND }, (_, i) => `p${partition}-${round}-${i}`)),
          ),
        );
        produced += PARTITIONS * PER_ROUND;
      };
      const distinct = () => new Set(readers.flatMap((r) => [...r.seen.keys()])).size;
      try {
        await until(
          () => readers.every((r) => r.consumer.assignment().length > 0),
          60_000,
          'both members assigned',
        );
        for (let round = 0; round < ROUNDS; round++) {
          await produceRound(round);
          // Coordinator and leader connections in turn (one broker: told apart by what they carry).
          if (round % 2 === 0) hits.coordinator += cut(proxy, GROUP_APIS, random);
          else hits.leader += cut(proxy, [ApiKey.Fetch], random);
          await new Promise((resolve) => setTimeout(resolve, ROUND_MS));
        }
        await until(() => distinct() === produced, 60_000, 'every record read during the faults');
        // No more faults: the members go on by themselves, both in the group, reading new records.
        await produceRound(ROUNDS);
        await until(() => distinct() === produced, 30_000, 'the records produced after the faults');
        await until(
          () => readers.every((r) => r.consumer.assignment().length > 0),
          30_000,
          'both members still assigned',
        );
        expect(readers.reduce((n, r) => n + r.consumer.assignment().length, 0)).toBe(PARTITIONS);
      } finally {
        stop.abort();
        await Promise.allSettled(runs);
        await Promise.all(readers.map((r) => r.consumer.close()));
        for (const p of producers) p.close();
        await proxy.close();
      }
      // The runs ended only because they were stopped.
      for (const run of runs) await expect(run).resolves.toBeUndefined();
      const duplicates = readers.reduce((n, r) => n + [...r.seen.values()].reduce((m, c) => m + c - 1, 0), 0);
      console.log(
        `[consumer proxy faults] ${kafka.version} ${groupProtocol}: records ${produced}, read ${distinct()}, ` +
          `duplicates ${duplicates}, skipped ${readers.map((r) => r.skipped)}, connections cut: coordinator ` +
          `${hits.coordinator}, leader ${hits.leader} (${shared} carrying both), proxied ${proxy.accepted}, ` +
          `rejoins ${readers.map((r) => r.rejoins)}`,
      );
      expect(distinct()).toBe(produced);
      expect(readers.map((r) => r.skipped)).toEqual([0, 0]);
      expect(hits.coordinator).toBeGreaterThan(5);
      expect(hits.leader).toBeGreaterThan(5);
    }, 180_000);
  },
);
