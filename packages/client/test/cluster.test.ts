// BrokerPool, MetadataCache and Cluster routing against fake brokers.
import diagnosticsChannel from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, FindCoordinator, Heartbeat, ListOffsets, ListOffsetsTimestamp, Produce } from '@lk/api';
import type { LkError } from '@lk/wire';
import { afterEach, describe, expect, it } from 'vitest';
import { BrokerPool } from '../src/broker-pool.ts';
import { Cluster } from '../src/cluster.ts';
import { MetadataCache } from '../src/metadata-cache.ts';
import { type FakeCluster, type FakeHandler, startFakeCluster } from './fake-cluster.ts';
import { closedPort, rejection } from './helpers.ts';

const TOPIC_ID_A = 'EREREREREREREREREREREQ';
const TOPIC_ID_B = 'IiIiIiIiIiIiIiIiIiIiIg';

let fake: FakeCluster | null = null;
const closers: (() => void)[] = [];

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await fake?.close();
  fake = null;
});

function pool(options: Partial<ConstructorParameters<typeof BrokerPool>[0]> = {}): BrokerPool {
  const p = new BrokerPool({ bootstrap: fake!.bootstrap, ...options });
  closers.push(() => p.close());
  return p;
}

function cluster(options: Partial<ConstructorParameters<typeof Cluster>[0]> = {}): Cluster {
  const c = new Cluster({ bootstrap: fake!.bootstrap, ...options });
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

function brokersOf(f: FakeCluster) {
  return [...f.nodes].map(([nodeId, b]) => ({ nodeId, host: '127.0.0.1', port: b.port }));
}

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

function answerListOffsets(f: FakeCluster, errorCodeFor: (nodeId: number) => number): FakeHandler {
  return (nodeId, request, body, socket) => {
    if (request.apiKey !== ListOffsets.apiKey) return;
    const topics = (body as ReturnType<typeof listOffsetsFor>).topics;
    f.answer(ListOffsets, request, socket, {
      ...ListOffsets.newResponse(),
      topics: topics.map((t) => ({
        name: t.name,
        partitions: [
          {
            partitionIndex: 0,
            errorCode: errorCodeFor(nodeId),
            timestamp: ListOffsetsTimestamp.LATEST,
            offset: BigInt(nodeId),
            leaderEpoch: 0,
          },
        ],
      })),
    });
  };
}

describe('BrokerPool', () => {
  it('dials lazily, shares one dial between concurrent callers, one connection per purpose', async () => {
    fake = await startFakeCluster([1]);
    const p = pool();
    p.setBrokers(brokersOf(fake));
    await sleep(20);
    expect(fake.nodes.get(1)!.sockets.size).toBe(0);
    const events = record('lk:connection:open', 'lk:pool:connection');
    const [a, b, c] = await Promise.all([p.connection(1), p.connection(1), p.connection(1)]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(a.options.maxInFlight).toBe(5);
    const fetches = await p.connection(1, 'fetches');
    expect(fetches).not.toBe(a);
    expect(fake.nodes.get(1)!.sockets.size).toBe(2);
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
    expect(events[1]!.message).toMatchObject({ event: 'dialed', nodeId: 1, purpose: 'requests' });
  });

  it('replaces a failed connection after a backoff, and backs off longer after failed dials', async () => {
    fake = await startFakeCluster([1]);
    const p = pool();
    p.setBrokers(brokersOf(fake));
    const first = await p.connection(1);
    const events = record('lk:pool:connection', 'lk:pool:dial-error', 'lk:connection:close');
    for (const s of fake.nodes.get(1)!.sockets) s.destroy();
    while (!first.closed) await sleep(5);
    const second = await p.connection(1);
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
    fake = await startFakeCluster([1]);
    const p = pool({ connMaxIdleMs: 100 });
    p.setBrokers(brokersOf(fake));
    const events = record('lk:pool:connection');
    const connection = await p.connection(1);
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
    fake = await startFakeCluster([1]);
    const p = pool();
    const first = await p.anyConnection();
    expect(first.nodeId).toBe(-1);
    p.setBrokers(brokersOf(fake));
    const second = await p.anyConnection();
    expect(second.nodeId).toBe(1);
    await sleep(1100);
    // The bootstrap connection was retired once the real brokers were known.
    expect(first.connection.closed).toBe(true);
  });

  it('leaves no socket or timer behind after close()', async () => {
    fake = await startFakeCluster([1]);
    const before = handles();
    const p = new BrokerPool({ bootstrap: fake.bootstrap, connMaxIdleMs: 50_000 });
    p.setBrokers(brokersOf(fake));
    const open = await Promise.all([p.connection(1), p.connection(1, 'fetches')]);
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
    expect(((await rejection(p.connection(1))) as LkError).code).toBe('LK_CLIENT_CLOSED');
  });
});

function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of process.getActiveResourcesInfo()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

describe('MetadataCache', () => {
  it('coalesces concurrent refreshes into one request, and the ones asked meanwhile into the next', async () => {
    fake = await startFakeCluster([1]);
    fake.topics.set('a', { topicId: TOPIC_ID_A, partitions: [{ leaderId: 1, leaderEpoch: 3 }] });
    fake.topics.set('b', { topicId: TOPIC_ID_B, partitions: [{ leaderId: 1, leaderEpoch: 0 }] });
    const p = pool();
    const metadata = new MetadataCache(p);
    const events = record('lk:metadata:refresh');
    await Promise.all([metadata.refresh(['a']), metadata.refresh(['a']), metadata.refresh(['a'])]);
    expect(fake.metadataRequests).toEqual([['a']]);
    expect(metadata.partition('a', 0)).toMatchObject({
      leaderId: 1,
      leaderEpoch: 3,
      replicas: [1],
      isr: [1],
    });
    expect(metadata.topicById(TOPIC_ID_A)!.name).toBe('a');
    expect(metadata.brokers.get(1)!.port).toBe(fake.nodes.get(1)!.port);
    expect(p.addressOf(1)!.port).toBe(fake.nodes.get(1)!.port);
    expect(metadata.clusterId).toBe('fake-cluster');
    expect(metadata.controllerId).toBe(1);

    fake.holdMetadata = true;
    const running = metadata.refresh(['a']);
    while (fake.metadataRequests.length < 2) await sleep(5);
    const joined = metadata.refresh(['a']);
    const next = [metadata.refresh(['b']), metadata.refresh(['a', 'b']), metadata.refresh(['b'])];
    fake.release();
    await Promise.all([running, joined]);
    fake.holdMetadata = false;
    fake.release();
    await Promise.all(next);
    expect(fake.metadataRequests.slice(1).map((t) => t!.sort())).toEqual([['a'], ['a', 'b']]);
    expect(events.map((e) => [...(e.message.topics as string[])].sort())).toEqual([['a'], ['a'], ['a', 'b']]);
    expect(events[0]!.message).toMatchObject({ nodeId: -1, error: null });
  });

  it('notices a topic deleted and created again (new topic id)', async () => {
    fake = await startFakeCluster([1]);
    fake.topics.set('t', { topicId: TOPIC_ID_A, partitions: [{ leaderId: 1, leaderEpoch: 0 }] });
    const metadata = new MetadataCache(pool());
    await metadata.refresh(['t']);
    fake.topics.delete('t');
    await metadata.refresh(['t']);
    expect(metadata.topic('t')).toBeUndefined();
    expect(metadata.topicById(TOPIC_ID_A)).toBeUndefined();
    fake.topics.set('t', { topicId: TOPIC_ID_B, partitions: [{ leaderId: 1, leaderEpoch: 0 }] });
    await metadata.refresh(null);
    expect(metadata.topic('t')!.topicId).toBe(TOPIC_ID_B);
    expect(metadata.topicById(TOPIC_ID_B)!.name).toBe('t');
    expect(metadata.topicById(TOPIC_ID_A)).toBeUndefined();
  });

  it('applies KIP-951 leader hints only when the epoch is newer', async () => {
    fake = await startFakeCluster([1]);
    fake.topics.set('t', { topicId: TOPIC_ID_A, partitions: [{ leaderId: 1, leaderEpoch: 5 }] });
    const p = pool();
    const metadata = new MetadataCache(p);
    await metadata.refresh(['t']);
    expect(metadata.applyLeaderHints([{ topic: 't', partition: 0, leaderId: 2, leaderEpoch: 5 }])).toEqual(
      [],
    );
    expect(metadata.partition('t', 0)!.leaderId).toBe(1);
    const endpoint = { nodeId: 2, host: '127.0.0.1', port: 9999, rack: null };
    const applied = metadata.applyLeaderHints(
      [{ topic: 't', partition: 0, leaderId: 2, leaderEpoch: 6 }],
      [endpoint],
    );
    expect(applied).toHaveLength(1);
    expect(metadata.partition('t', 0)).toMatchObject({ leaderId: 2, leaderEpoch: 6 });
    expect(p.addressOf(2)).toEqual({ host: '127.0.0.1', port: 9999 });
    expect(fake.metadataRequests).toHaveLength(1);
  });

  it('waits a growing backoff after failed refreshes', async () => {
    fake = await startFakeCluster([1]);
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
    let leader = 1;
    fake = await startFakeCluster([1, 2], (nodeId, request, body, socket) =>
      answerListOffsets(fake!, (n) => (n === leader ? 0 : ErrorCode.NOT_LEADER_OR_FOLLOWER))(
        nodeId,
        request,
        body,
        socket,
      ),
    );
    fake.topics.set('t', { topicId: TOPIC_ID_A, partitions: [{ leaderId: 1, leaderEpoch: 1 }] });
    const c = cluster();
    expect((await c.leaderOf('t', 0)).leaderId).toBe(1);
    // The leader moves; the cache does not know yet.
    leader = 2;
    fake.topics.get('t')!.partitions[0] = { leaderId: 2, leaderEpoch: 2 };
    const events = record('lk:retry');
    const routed = await c.callRouted(
      { leaderOf: { topic: 't', partition: 0 } },
      ListOffsets,
      listOffsetsFor('t'),
    );
    expect(routed.nodeId).toBe(2);
    expect(routed.attempts).toBe(2);
    expect(routed.response.topics[0]!.partitions[0]!.offset).toBe(2n);
    expect(fake.metadataRequests).toEqual([['t'], ['t']]);
    expect(events).toHaveLength(1);
    expect(events[0]!.message).toMatchObject({
      operation: 'ListOffsets',
      subject: 'leader of t/0',
      attempt: 1,
    });
    expect((events[0]!.message.error as { errorName: string }).errorName).toBe('NOT_LEADER_OR_FOLLOWER');
  });

  it('returns the last response when the error outlasts the retry deadline', async () => {
    fake = await startFakeCluster([1], (nodeId, request, body, socket) =>
      answerListOffsets(fake!, () => ErrorCode.NOT_LEADER_OR_FOLLOWER)(nodeId, request, body, socket),
    );
    fake.topics.set('t', { topicId: TOPIC_ID_A, partitions: [{ leaderId: 1, leaderEpoch: 1 }] });
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
    fake = await startFakeCluster([1, 2], (nodeId, request, _body, socket) => {
      if (request.apiKey !== Produce.apiKey) return;
      const moved = nodeId === 1;
      fake!.answer(Produce, request, socket, {
        ...Produce.newResponse(),
        responses: [
          {
            name: '',
            topicId: TOPIC_ID_A,
            partitionResponses: [
              {
                ...Produce.newResponse().responses[0],
                index: 0,
                errorCode: moved ? ErrorCode.NOT_LEADER_OR_FOLLOWER : 0,
                baseOffset: moved ? -1n : 42n,
                logAppendTimeMs: -1n,
                logStartOffset: 0n,
                recordErrors: [],
                errorMessage: null,
                currentLeader: moved ? { leaderId: 2, leaderEpoch: 9 } : { leaderId: -1, leaderEpoch: -1 },
              },
            ],
          },
        ],
        nodeEndpoints: moved
          ? [{ nodeId: 2, host: '127.0.0.1', port: fake!.nodes.get(2)!.port, rack: null }]
          : [],
      });
    });
    fake.topics.set('t', { topicId: TOPIC_ID_A, partitions: [{ leaderId: 1, leaderEpoch: 8 }] });
    const c = cluster();
    await c.leaderOf('t', 0);
    const request = {
      ...Produce.newRequest(),
      acks: -1 as const,
      timeoutMs: 1000,
      topicData: [{ name: 't', topicId: TOPIC_ID_A, partitionData: [{ index: 0, records: null }] }],
    };
    const routed = await c.callRouted({ leaderOf: { topic: 't', partition: 0 } }, Produce, request);
    expect(routed.nodeId).toBe(2);
    expect(routed.response.responses[0]!.partitionResponses[0]!.baseOffset).toBe(42n);
    expect(c.metadata.partition('t', 0)).toMatchObject({ leaderId: 2, leaderEpoch: 9 });
    expect(fake.metadataRequests).toEqual([['t']]);
  });

  it('looks the coordinator up once, and again after NOT_COORDINATOR', async () => {
    let coordinator = 1;
    const findCoordinators: number[] = [];
    fake = await startFakeCluster([1, 2], (nodeId, request, _body, socket) => {
      if (request.apiKey === FindCoordinator.apiKey) {
        findCoordinators.push(nodeId);
        const port = fake!.nodes.get(coordinator)!.port;
        fake!.answer(FindCoordinator, request, socket, {
          ...FindCoordinator.newResponse(),
          coordinators: [
            {
              key: 'g',
              nodeId: coordinator,
              host: '127.0.0.1',
              port,
              errorCode: ErrorCode.NONE,
              errorMessage: null,
            },
          ],
        });
      } else if (request.apiKey === Heartbeat.apiKey) {
        const errorCode = nodeId === coordinator ? 0 : ErrorCode.NOT_COORDINATOR;
        fake!.answer(Heartbeat, request, socket, { ...Heartbeat.newResponse(), errorCode });
      }
    });
    const c = cluster();
    const heartbeat = { ...Heartbeat.newRequest(), groupId: 'g', generationId: 1, memberId: 'm' };
    const target = { coordinator: { key: 'g' } };
    expect((await c.callRouted(target, Heartbeat, heartbeat)).nodeId).toBe(1);
    expect((await c.callRouted(target, Heartbeat, heartbeat)).nodeId).toBe(1);
    expect(findCoordinators).toHaveLength(1);
    coordinator = 2;
    const moved = await c.callRouted(target, Heartbeat, heartbeat);
    expect(moved).toMatchObject({ nodeId: 2, attempts: 2 });
    expect(moved.response.errorCode).toBe(ErrorCode.NONE);
    expect(findCoordinators).toHaveLength(2);
  });

  it('retries a lost connection to a node, and gives up at once when told not to retry', async () => {
    let drop = true;
    fake = await startFakeCluster([1], (_nodeId, request, _body, socket) => {
      if (drop) {
        drop = false;
        socket.destroy();
        return;
      }
      fake!.answer(Heartbeat, request, socket, { ...Heartbeat.newResponse(), errorCode: ErrorCode.NONE });
    });
    const c = cluster();
    const heartbeat = { ...Heartbeat.newRequest(), groupId: 'g', generationId: 1, memberId: 'm' };
    const routed = await c.callRouted({ node: 1 }, Heartbeat, heartbeat);
    expect(routed.attempts).toBe(2);
    drop = true;
    const error = await rejection(c.call({ node: 1 }, Heartbeat, heartbeat, { retry: false }));
    expect((error as LkError).code).toBe('LK_TRANSPORT_CLOSED');
  });
});
