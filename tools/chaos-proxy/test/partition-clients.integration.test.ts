// The partition clients' failure cases through the chaos proxy, against the real broker: produce
// with acks 0/1/-1 and idempotent under cuts (lost, duplicated and reordered records counted on
// read-back), a fetch loop under cuts (no gap, no repeat), group membership through resets and a
// response cut mid-way.

import { ApiVersions } from '@lk/api';
import {
  BootstrapClient,
  GroupClient,
  LkError,
  PartitionFetcher,
  PartitionProducer,
  type PartitionProducerOptions,
} from '@lk/client';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { type ChaosProxy, DeliveryLedger, type Fault, Random, startChaosProxy } from '../src/index.ts';

const kafka = inject('kafka');
const admin = new BootstrapClient(kafka.bootstrap);
let proxy: ChaosProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
});

const name = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 10)}`;

/** Cuts the connection in use after a random number of bytes, in a random direction (or the one given). */
function cutSoon(random: Random, only?: 'up'): void {
  const direction = only ?? (random.next() < 0.5 ? 'up' : 'down');
  const fault: Fault = { kind: 'cut', afterBytes: random.int(0, 200), reset: random.next() < 0.5 };
  proxy!.setAll(direction, fault);
}

/**
 * Paces an acks=0 producer: a round trip on its own connection after each send. The broker handles
 * a connection's requests in order, so its answer means the produce before it was handled: when a
 * cut is set, no batch waits anywhere (in the proxy, or unread in the broker's socket, from where a
 * request on the old connection could still be appended after those on the new one: seen, with
 * the proxy empty). Unpaced, all 600 records piled up before the first cut and were dropped with
 * its queue. False when the round trip failed (the connection was cut): the batch is unconfirmed.
 */
async function confirmed(producer: PartitionProducer): Promise<boolean> {
  const connection = producer.client.connection;
  if (connection === null || connection.closed) return false;
  try {
    await connection.call(ApiVersions, ApiVersions.newRequest());
    return true;
  } catch {
    return false;
  }
}

/** Every value in the partition, read directly from the broker (not through the proxy). */
async function readBack(topic: string): Promise<string[]> {
  const fetcher = new PartitionFetcher({ bootstrap: kafka.bootstrap, topic, partition: 0, maxWaitMs: 50 });
  const end = await fetcher.seekToNewest();
  fetcher.offset = 0n;
  const values: string[] = [];
  while (fetcher.offset < end) {
    const result = await fetcher.fetch();
    const { records, nextOffset } = fetcher.read(result);
    for (const r of records) values.push(new TextDecoder().decode(r.value!));
    if (nextOffset !== undefined) fetcher.offset = nextOffset;
  }
  fetcher.close();
  return values;
}

type Mode = { label: string; acks: 0 | 1 | -1; idempotent: boolean };
const modes: Mode[] = [
  { label: 'acks=0', acks: 0, idempotent: false },
  { label: 'acks=1', acks: 1, idempotent: false },
  { label: 'acks=-1', acks: -1, idempotent: false },
  { label: 'acks=-1 idempotent', acks: -1, idempotent: true },
];

describe('PartitionProducer through connections cut at random', () => {
  it.each(modes)(
    '$label: counts lost, duplicated and reordered records',
    async ({ label, acks, idempotent }) => {
      const topic = name('chaos-produce');
      await admin.createTopic(topic, { numPartitions: 1, replicationFactor: 1 });
      proxy = await startChaosProxy({ upstream: kafka.bootstrap });
      const options: PartitionProducerOptions = {
        bootstrap: proxy.bootstrap,
        topic,
        partition: 0,
        acks,
        idempotent,
      };
      const producer = new PartitionProducer({
        ...options,
        requestTimeoutMs: 3000,
        deliveryTimeoutMs: 10_000,
      });
      const random = new Random(acks + 7 + (idempotent ? 100 : 0));
      const ledger = new DeliveryLedger();
      let failures = 0;
      // acks=0: the batch each cut was set before, and how many before it were not yet confirmed.
      const cuts: { batch: number; inFlight: number }[] = [];
      let unconfirmed = 0;
      for (let batch = 0; batch < 60; batch++) {
        const ids = Array.from({ length: 10 }, (_, i) => `${batch}-${i}`);
        if (batch > 0 && random.next() < 0.35) {
          cuts.push({ batch, inFlight: unconfirmed });
          // acks=0 has no answers to cut: its requests are cut instead.
          cutSoon(random, acks === 0 ? 'up' : undefined);
        }
        if (!(await ledger.produce(ids, () => producer.produceStrings(ids)))) failures++;
        if (acks === 0) unconfirmed = (await confirmed(producer)) ? 0 : unconfirmed + 1;
      }
      producer.close();
      const values = await readBack(topic);
      const report = ledger.check(values);
      const present = new Set(values);
      console.log(
        values
          .map((v) => v.split('-')[0])
          .filter((b, i, a) => b !== a[i - 1])
          .join(' '),
        JSON.stringify(cuts),
      );
      const lostBatches = [...new Set(ledger.lostIds(values).map((id) => Number(id.split('-')[0])))];
      console.log(
        `${label}: ${JSON.stringify({ ...report, failures, connections: proxy.accepted, cuts: cuts.length, lostBatches })}`,
      );
      expect(proxy.accepted).toBeGreaterThan(5); // the cuts happened
      expect(report.reordered).toBe(0);
      expect(report.phantom).toBe(0);
      expect(report.unknown).toBe(0);
      // A plain producer retries only what was NOT_PERSISTED, so nothing is written twice either.
      expect(report.duplicated).toBe(0);
      if (acks !== 0) expect(report.lost).toBe(0);
      else {
        // Paced, a cut can lose only the batches not yet confirmed when it was set and the one it
        // cuts (a cut after up to 200 bytes falls inside the next request, ~230 bytes, or the
        // round trip after it), each whole or not at all.
        const around = (lost: number) => cuts.some((c) => lost >= c.batch - c.inFlight && lost <= c.batch);
        expect(lostBatches.filter((lost) => !around(lost))).toEqual([]);
        expect(lostBatches.length).toBeLessThanOrEqual(cuts.reduce((n, c) => n + 1 + c.inFlight, 0));
        expect(lostBatches.length).toBeGreaterThan(0); // the cuts reached requests
        for (const lost of lostBatches)
          expect(Array.from({ length: 10 }, (_, i) => present.has(`${lost}-${i}`))).toEqual(
            Array(10).fill(false),
          );
      }
      if (idempotent) expect([report.acked, failures]).toEqual([600, 0]);
    },
  );
});

describe('PartitionFetcher.records() through connections cut at random', () => {
  it('delivers every offset once, in order, restarting the loop after each failure', async () => {
    const topic = name('chaos-fetch');
    await admin.createTopic(topic, { numPartitions: 1, replicationFactor: 1 });
    const producer = new PartitionProducer({ bootstrap: kafka.bootstrap, topic, partition: 0 });
    for (let i = 0; i < 20; i++)
      await producer.produceStrings(Array.from({ length: 100 }, (_, j) => `${i}-${j}`));
    producer.close();
    proxy = await startChaosProxy({ upstream: kafka.bootstrap });
    const fetcher = new PartitionFetcher({
      bootstrap: proxy.bootstrap,
      topic,
      partition: 0,
      maxBytes: 4096,
      maxWaitMs: 100,
      requestTimeoutMs: 3000,
    });
    const random = new Random(5);
    let expected = 0n;
    let [gaps, repeats, failures, steps] = [0, 0, 0, 0];
    while (expected < 2000n) {
      try {
        for await (const { records } of fetcher.records()) {
          for (const r of records) {
            if (r.offset > expected) gaps++;
            if (r.offset < expected) repeats++;
            expected = r.offset + 1n;
          }
          if (expected >= 2000n) break;
          steps++;
          cutSoon(random);
        }
      } catch (error) {
        expect(error).toBeInstanceOf(LkError);
        failures++;
      }
    }
    fetcher.close();
    console.log(
      `fetch loop: ${JSON.stringify({ steps, failures, gaps, repeats, connections: proxy.accepted })}`,
    );
    expect(failures).toBeGreaterThan(2);
    expect([gaps, repeats]).toEqual([0, 0]);
  });
});

describe('GroupClient through resets and cut responses', () => {
  it('keeps its membership: heartbeats after each reset, a typed error for a cut answer', async () => {
    proxy = await startChaosProxy({ upstream: kafka.bootstrap });
    const group = new GroupClient({
      bootstrap: proxy.bootstrap,
      groupId: name('chaos-group'),
      requestTimeoutMs: 3000,
    });
    await group.join({ sessionTimeoutMs: 10_000, protocols: [{ name: 'lk', metadata: new Uint8Array(0) }] });
    await group.sync([{ memberId: group.memberId, assignment: new Uint8Array([1]) }]);
    const { memberId, generationId } = group;
    for (let i = 0; i < 5; i++) {
      proxy.closeAll(i % 2 === 0 ? 'rst' : 'fin');
      // Once the client has seen the close (a call racing it fails to write, typed, as on a network).
      await new Promise((resolve) => setTimeout(resolve, 100));
      await group.heartbeat();
    }
    // The heartbeat's answer cut after 3 bytes: a typed error, and the next one goes through.
    proxy.setAll('down', { kind: 'cut', afterBytes: 3 });
    await expect(group.heartbeat()).rejects.toBeInstanceOf(LkError);
    await group.heartbeat();
    expect([group.memberId, group.generationId]).toEqual([memberId, generationId]);
    expect(proxy.accepted).toBeGreaterThanOrEqual(7);
    await group.leave();
    group.close();
  });
});
