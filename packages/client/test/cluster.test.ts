// BrokerPool, MetadataCache and Cluster routing against @lk/fake.
import diagnosticsChannel from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApiKey,
  ErrorCode,
  Heartbeat,
  ListOffsets,
  ListOffsetsTimestamp,
  type MetadataRequest,
  Produce,
} from '@lk/api';
import { Builder } from '@lk/batch';
import type { FakeCluster, TakenRequest } from '@lk/fake';
import type { LkError } from '@lk/wire';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerPool } from '../src/broker-pool.ts';
import { Cluster } from '../src/cluster.ts';
import { MetadataCache } from '../src/metadata-cache.ts';
import { startFake, type TestFake, takeOver } from './fake.ts';
import { closedPort, rejection } from './helpers.ts';

let fake: TestFake | null = null;
const closers: (() => void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  expect(fake?.cluster.serverErrors ?? []).toEqual([]);
  await fake?.cluster.close();
  fake = null;
});

function pool(options: Partial<ConstructorParameters<typeof BrokerPool>[0]> = {}): BrokerPool {
  const p = new BrokerPool({ bootstrap: fake!.cluster.bootstrap, ...options });
  closers.push(() => p.close());
  return p;
}

function cluster(options: Partial<ConstructorParameters<typeof Cluster>[0]> = {}): Cluster {
  const c = new Cluster({ bootstrap: fake!.cluster.bootstrap, ...options });
  closers.push(() => c.close());
  return c;
}

/** Collects the messages of `names` until the test ends. */
function record(...names: string[]): { name: string; message: Record<string, unknown> }[] {
  const seen: { name: string; message: Record<string, unknown> }[] = [];
  for (const name of names) {
    const listener = (message: unknown) =>
      seen.push({ name, message: { ...(message as Record<string, unknown>), at: performance.now() } });
    diagnosticsChannel.subscribe(name, listener);
    closers.push(() => diagnosticsChannel.unsubscribe(name, listener));
  }
  return seen;
}

function brokersOf(c: FakeCluster) {
  return c.brokers.map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port() }));
}

/** The topics each Metadata request the fake served asked for (null: all). */
function metadataRequests(f: TestFake): (string[] | null)[] {
  return f.seen
    .filter((r) => r.apiKey === ApiKey.Metadata)
    .map((r) => (r.body as MetadataRequest).topics?.map((t) => t.name!) ?? null);
}

/** The other broker of a two-broker fake. */
const other = (nodeId: number) => 1 - nodeId;

const listOffsetsFor = (topic: string) => ({
  ...ListOffsets.newRequest(),
  replicaId: -1,
  topics: [
    {
      name: topic,
      partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: ListOffsetsTimestamp.LATEST }],
    },
  ],
});

describe('BrokerPool', () => {
  it('dials lazily, shares one dial between concurrent callers, one connection per purpose', async () => {
    fake = await startFake({ clusterId: 'fake-cluster' });
    const p = pool();
    p.setBrokers(brokersOf(fake.cluster));
    await sleep(20);
    expect(fake.cluster.broker(0).connections.size).toBe(0);
    const events = record('lk:connection:open', 'lk:pool:connection');
    const [a, b, c] = await Promise.all([p.connection(0), p.connection(0), p.connection(0)]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(a.options.maxInFlight).toBe(5);
    const fetches = await p.connection(0, 'fetches');
    expect(fetches).not.toBe(a);
    expect(fake.cluster.broker(0).connections.size).toBe(2);
    expect(
      p
        .connections()
        .map((x) => x.purpose)
        .sort(),
    ).toEqual(['fetches', 'requests']);
    // Each pool event follows its connection's open event.
    expect(events.map((e) => `${e.name} ${e.message.connectionId}`)).toEqual([
      `lk:connection:open ${a.id}`,
      `lk:pool:connection ${a.id}`,
      `lk:connection:open ${fetches.id}`,
      `lk:pool:connection ${fetches.id}`,
    ]);
    expect(events[1]!.message).toMatchObject({ event: 'dialed', nodeId: 0, purpose: 'requests' });
  });

  it('replaces a failed connection after a backoff, and backs off longer after failed dials', async () => {
    fake = await startFake({ clusterId: 'fake-cluster' });
    const p = pool();
    p.setBrokers(brokersOf(fake.cluster));
    const first = await p.connection(0);
    const events = record('lk:pool:connection', 'lk:pool:dial-error', 'lk:connection:close');
    fake.cluster.broker(0).dropConnections();
    while (!first.closed) await sleep(5);
    const second = await p.connection(0);
    expect(second).not.toBe(first);
    expect(events.map((e) => `${e.name}:${e.message.event ?? ''}`)).toEqual([
      'lk:connection:close:',
      'lk:pool:connection:closed',
      'lk:pool:connection:replaced',
    ]);
    expect(events[1]!.message).toMatchObject({ reason: 'failed', connectionId: first.id });
    // 50 ms ± 20 % jitter between the failure and the new connection.
    expect((events[2]!.message.at as number) - (events[1]!.message.at as number)).toBeGreaterThanOrEqual(39);

    // A node nobody listens on: each failed dial doubles the wait before the next.
    p.setBrokers([{ nodeId: 2, host: '127.0.0.1', port: await closedPort() }], { replace: false });
    const one = await rejection(p.connection(2));
    expect((one as LkError).code).toBe('LK_TRANSPORT_DIAL');
    const again = performance.now();
    await rejection(p.connection(2));
    expect(performance.now() - again).toBeGreaterThanOrEqual(35);
    const dialErrors = events.filter((e) => e.name === 'lk:pool:dial-error').map((e) => e.message);
    expect(dialErrors.map((m) => [m.nodeId, m.attempt])).toEqual([
      [2, 1],
      [2, 2],
    ]);
    expect(dialErrors[0]!.backoffMs).toBeGreaterThanOrEqual(40);
    expect(dialErrors[0]!.backoffMs).toBeLessThanOrEqual(60);
    expect(dialErrors[1]!.backoffMs).toBeGreaterThanOrEqual(80);
    expect(dialErrors[1]!.backoffMs).toBeLessThanOrEqual(120);
  });

  it('closes connections that idled past connMaxIdleMs', async () => {
    fake = await startFake({ clusterId: 'fake-cluster' });
    const p = pool({ connMaxIdleMs: 100 });
    p.setBrokers(brokersOf(fake.cluster));
    const events = record('lk:pool:connection');
    const connection = await p.connection(0);
    await sleep(400);
    expect(connection.closed).toBe(true);
    expect(p.connections()).toEqual([]);
    expect(events.at(-1)!.message).toMatchObject({
      event: 'closed',
      reason: 'idle',
      connectionId: connection.id,
    });
  });

  it('uses a bootstrap broker for anyConnection until the brokers are known', async () => {
    fake = await startFake({ clusterId: 'fake-cluster' });
    const p = pool();
    const first = await p.anyConnection();
    expect(first.nodeId).toBe(-1);
    p.setBrokers(brokersOf(fake.cluster));
    const second = await p.anyConnection();
    expect(second.nodeId).toBe(0);
    await sleep(1100);
    // The bootstrap connection was retired once the real brokers were known.
    expect(first.connection.closed).toBe(true);
  });

  it('leaves no socket or timer behind after close()', async () => {
    fake = await startFake({ clusterId: 'fake-cluster' });
    const before = handles();
    const p = new BrokerPool({ bootstrap: fake.cluster.bootstrap, connMaxIdleMs: 50_000 });
    p.setBrokers(brokersOf(fake.cluster));
    const open = await Promise.all([p.connection(0), p.connection(0, 'fetches')]);
    p.setBrokers([{ nodeId: 2, host: '127.0.0.1', port: await closedPort() }], { replace: false });
    await rejection(p.connection(2));
    const dialing = rejection(p.connection(2)); // waits out its backoff
    p.close();
    expect(((await dialing) as LkError).code).toBe('LK_CLIENT_CLOSED');
    await sleep(50);
    const after = handles();
    expect(after.Timeout ?? 0).toBeLessThanOrEqual(before.Timeout ?? 0);
    expect(after.TCPSocketWrap ?? 0).toBeLessThanOrEqual(before.TCPSocketWrap ?? 0);
    for (const c of open) expect(c.socket.destroyed).toBe(true);
    expect(p.connections()).toEqual([]);
    expect(((await rejection(p.connection(0))) as LkError).code).toBe('LK_CLIENT_CLOSED');
  });
});

function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

describe('MetadataCache', () => {
  it('coalesces concurrent refreshes into one request, and the ones asked meanwhile into the next', async () => {
    fake = await startFake({
      clusterId: 'fake-cluster',
      topics: { a: { partitions: 1 }, b: { partitions: 1 } },
    });
    for (let i = 0; i < 3; i++) fake.cluster.moveLeader('a', 0, 0); // leader epoch 3
    const p = pool();
    const metadata = new MetadataCache(p);
    const events = record('lk:metadata:refresh');
    await Promise.all([metadata.refresh(['a']), metadata.refresh(['a']), metadata.refresh(['a'])]);
    expect(metadataRequests(fake)).toEqual([['a']]);
    expect(metadata.partition('a', 0)).toMatchObject({
      leaderId: 0,
      leaderEpoch: 3,
      replicas: [0],
      isr: [0],
    });
    expect(metadata.topicById(fake.cluster.topic('a').id)!.name).toBe('a');
    expect(metadata.brokers.get(0)!.port).toBe(fake.address.port);
    expect(p.addressOf(0)!.port).toBe(fake.address.port);
    expect(metadata.clusterId).toBe('fake-cluster');
    expect(metadata.controllerId).toBe(0);

    // Metadata requests are held from now on until released.
    let hold = true;
    const held: TakenRequest[] = [];
    takeOver(
      fake.cluster,
      (r) => hold && r.apiKey === ApiKey.Metadata,
      (taken) => held.push(taken),
    );
    const release = () => Promise.all(held.splice(0).map((h) => h.answer()));
    const running = metadata.refresh(['a']);
    while (metadataRequests(fake).length < 2) await sleep(5);
    const joined = metadata.refresh(['a']);
    const next = [metadata.refresh(['b']), metadata.refresh(['a', 'b']), metadata.refresh(['b'])];
    await release();
    await Promise.all([running, joined]);
    hold = false;
    await release();
    await Promise.all(next);
    expect(
      metadataRequests(fake)
        .slice(1)
        .map((t) => t!.sort()),
    ).toEqual([['a'], ['a', 'b']]);
    expect(events.map((e) => [...(e.message.topics as string[])].sort())).toEqual([['a'], ['a'], ['a', 'b']]);
    expect(events[0]!.message).toMatchObject({ nodeId: -1, error: null });
  });

  it('notices a topic deleted and created again (new topic id)', async () => {
    fake = await startFake({ autoCreateTopics: false, topics: { t: { partitions: 1 } } });
    const firstId = fake.cluster.topic('t').id;
    const metadata = new MetadataCache(pool());
    await metadata.refresh(['t']);
    fake.cluster.deleteTopic('t');
    await metadata.refresh(['t']);
    expect(metadata.topic('t')).toBeUndefined();
    expect(metadata.topicById(firstId)).toBeUndefined();
    const secondId = fake.cluster.createTopic('t', { partitions: 1 }).id;
    expect(secondId).not.toBe(firstId);
    await metadata.refresh(null);
    expect(metadata.topic('t')!.topicId).toBe(secondId);
    expect(metadata.topicById(secondId)!.name).toBe('t');
    expect(metadata.topicById(firstId)).toBeUndefined();
  });

  it('applies KIP-951 leader hints only when the epoch is newer', async () => {
    fake = await startFake({ topics: { t: { partitions: 1 } } });
    for (let i = 0; i < 5; i++) fake.cluster.moveLeader('t', 0, 0); // leader epoch 5
    const p = pool();
    const metadata = new MetadataCache(p);
    await metadata.refresh(['t']);
    expect(metadata.applyLeaderHints([{ topic: 't', partition: 0, leaderId: 2, leaderEpoch: 5 }])).toEqual(
      [],
    );
    expect(metadata.partition('t', 0)!.leaderId).toBe(0);
    const endpoint = { nodeId: 2, host: '127.0.0.1', port: 9999, rack: null };
    const applied = metadata.applyLeaderHints(
      [{ topic: 't', partition: 0, leaderId: 2, leaderEpoch: 6 }],
      [endpoint],
    );
    expect(applied).toHaveLength(1);
    expect(metadata.partition('t', 0)).toMatchObject({ leaderId: 2, leaderEpoch: 6 });
    expect(p.addressOf(2)).toEqual({ host: '127.0.0.1', port: 9999 });
    expect(metadataRequests(fake)).toHaveLength(1);
  });

  it('waits a growing backoff after failed refreshes', async () => {
    const p = new BrokerPool({ bootstrap: `127.0.0.1:${await closedPort()}` });
    closers.push(() => p.close());
    const metadata = new MetadataCache(p, { retryBackoffMs: 100 });
    await rejection(metadata.refresh(['t']));
    const started = performance.now();
    await rejection(metadata.refresh(['t']));
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);
  });
});

describe('Cluster routing', () => {
  it('refreshes metadata after an invalid-metadata error and retries at the new leader', async () => {
    fake = await startFake({ brokers: 2, topics: { t: { partitions: 1 } } });
    fake.cluster.append('t', 0, new Builder().add({ value: null }).add({ value: null }).build());
    const c = cluster();
    const leader = (await c.leaderOf('t', 0)).leaderId;
    expect(leader).toBe(fake.cluster.partition('t', 0).leader);
    // The leader moves; the cache does not know yet (ListOffsets carries no leader hints).
    fake.cluster.moveLeader('t', 0, other(leader));
    const events = record('lk:retry');
    const routed = await c.callRouted(
      { leaderOf: { topic: 't', partition: 0 } },
      ListOffsets,
      listOffsetsFor('t'),
    );
    expect(routed.nodeId).toBe(other(leader));
    expect(routed.attempts).toBe(2);
    expect(routed.response.topics[0]!.partitions[0]!.offset).toBe(2n);
    expect(metadataRequests(fake)).toEqual([['t'], ['t']]);
    expect(events).toHaveLength(1);
    expect(events[0]!.message).toMatchObject({
      operation: 'ListOffsets',
      subject: 'leader of t/0',
      attempt: 1,
    });
    expect((events[0]!.message.error as { errorName: string }).errorName).toBe('NOT_LEADER_OR_FOLLOWER');
  });

  it('returns the last response when the error outlasts the retry deadline', async () => {
    fake = await startFake({ topics: { t: { partitions: 1 } } });
    fake.cluster.onRequest((r) =>
      r.apiKey === ApiKey.ListOffsets ? { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER } : undefined,
    );
    const c = cluster();
    const routed = await c.callRouted(
      { leaderOf: { topic: 't', partition: 0 } },
      ListOffsets,
      listOffsetsFor('t'),
      {
        retryTimeoutMs: 400,
      },
    );
    expect(routed.response.topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    expect(routed.attempts).toBeGreaterThanOrEqual(2);
  });

  it('follows a KIP-951 leader hint in a Produce response without asking Metadata again', async () => {
    fake = await startFake({ brokers: 2, topics: { t: { partitions: 1 } } });
    const c = cluster();
    const leader = (await c.leaderOf('t', 0)).leaderId;
    fake.cluster.moveLeader('t', 0, other(leader));
    const { leaderEpoch } = fake.cluster.partition('t', 0);
    const request = {
      ...Produce.newRequest(),
      acks: -1 as const,
      timeoutMs: 1000,
      topicData: [
        {
          name: 't',
          topicId: fake.cluster.topic('t').id,
          partitionData: [{ index: 0, records: new Builder().add({ value: null }).build().marshal() }],
        },
      ],
    };
    const routed = await c.callRouted({ leaderOf: { topic: 't', partition: 0 } }, Produce, request);
    expect(routed.nodeId).toBe(other(leader));
    expect(routed.attempts).toBe(2);
    expect(routed.response.responses[0]!.partitionResponses[0]!.baseOffset).toBe(0n);
    expect(c.metadata.partition('t', 0)).toMatchObject({ leaderId: other(leader), leaderEpoch });
    expect(metadataRequests(fake)).toEqual([['t']]);
  });

  it('looks the coordinator up once, and again after NOT_COORDINATOR', async () => {
    fake = await startFake({ brokers: 2 });
    const findCoordinators = () => fake!.seen.filter((r) => r.apiKey === ApiKey.FindCoordinator);
    const coordinator = fake.cluster.coordinatorFor('g')!.nodeId;
    const c = cluster();
    // The fake's coordinator does not know member m: UNKNOWN_MEMBER_ID is its answer, routed right.
    const heartbeat = { ...Heartbeat.newRequest(), groupId: 'g', generationId: 1, memberId: 'm' };
    const target = { coordinator: { key: 'g' } };
    expect((await c.callRouted(target, Heartbeat, heartbeat)).nodeId).toBe(coordinator);
    expect((await c.callRouted(target, Heartbeat, heartbeat)).nodeId).toBe(coordinator);
    expect(findCoordinators()).toHaveLength(1);
    fake.cluster.moveCoordinator('g', other(coordinator));
    const moved = await c.callRouted(target, Heartbeat, heartbeat);
    expect(moved).toMatchObject({ nodeId: other(coordinator), attempts: 2 });
    expect(moved.response.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(findCoordinators()).toHaveLength(2);
    const heartbeats = fake.seen.filter((r) => r.apiKey === ApiKey.Heartbeat).map((r) => r.broker);
    expect(heartbeats).toEqual([coordinator, coordinator, coordinator, other(coordinator)]);
  });

  it('retries a lost connection to a node, and gives up at once when told not to retry', async () => {
    fake = await startFake();
    const dropHeartbeat = () =>
      fake!.cluster.onRequest((r) => (r.apiKey === ApiKey.Heartbeat ? { drop: 'before' } : undefined), {
        times: 1,
      });
    dropHeartbeat();
    const c = cluster();
    const heartbeat = { ...Heartbeat.newRequest(), groupId: 'g', generationId: 1, memberId: 'm' };
    const routed = await c.callRouted({ node: 0 }, Heartbeat, heartbeat);
    expect(routed.attempts).toBe(2);
    dropHeartbeat();
    const error = await rejection(c.call({ node: 0 }, Heartbeat, heartbeat, { retry: false }));
    expect((error as LkError).code).toBe('LK_TRANSPORT_CLOSED');
  });
});
