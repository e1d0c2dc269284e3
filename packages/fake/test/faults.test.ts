// Faults on demand and the state a test inspects: request hooks, leader moves, stopped brokers,
// offline partitions, throttling, kicked members, configs.
import {
  ConfigResourceType,
  CoordinatorType,
  DescribeConfigs,
  ErrorCode,
  FindCoordinator,
  Heartbeat,
  IncrementalAlterConfigs,
  JoinGroup,
  KafkaError,
  Metadata,
  Produce,
  SyncGroup,
} from '@lk/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCluster, type TakenRequest } from '../src/index.ts';
import { RawClient } from './helpers/raw-client.ts';
import { batchBytes, produceRequest } from './helpers/requests.ts';

let cluster: FakeCluster;
const clients: RawClient[] = [];
async function open(address = cluster.bootstrap.split(',')[0]!): Promise<RawClient> {
  const client = await RawClient.open(address);
  clients.push(client);
  return client;
}

beforeEach(async () => {
  cluster = await FakeCluster.start({ brokers: 3, topics: { t: { partitions: 3 } } });
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  expect(cluster.serverErrors).toEqual([]);
  await cluster.close();
});

const correlationOf = (frame: Uint8Array) => new DataView(frame.buffer, frame.byteOffset).getInt32(0);

const produceCode = async (client: RawClient, partition = 0) =>
  (await client.send(Produce, 11, produceRequest(cluster.topic('t'), partition, batchBytes(1)))).responses[0]!
    .partitionResponses[0]!;

describe('request hooks', () => {
  it('refuse with an error code for a budget of requests, then pass', async () => {
    const leader = cluster.partition('t', 0).leader;
    const client = await open(cluster.broker(leader).address());
    const fault = cluster.failNext(Produce.apiKey, ErrorCode.NOT_ENOUGH_REPLICAS, { times: 2 });
    expect((await produceCode(client)).errorCode).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
    expect((await produceCode(client)).errorCode).toBe(ErrorCode.NOT_ENOUGH_REPLICAS);
    expect((await produceCode(client)).errorCode).toBe(ErrorCode.NONE);
    expect(fault.fired).toBe(2);
    expect(cluster.offsets('t', 0).highWatermark).toBe(1n); // refused requests appended nothing
  });

  it('see the decoded request, delay it, alter the answer', async () => {
    const leader = cluster.partition('t', 0).leader;
    const client = await open(cluster.broker(leader).address());
    const seen: unknown[] = [];
    const fault = cluster.onRequest((r) => {
      if (r.apiName !== 'Produce') return undefined;
      seen.push(r.body);
      return {
        delayMs: 150,
        alter: (response) => {
          (response as { throttleTimeMs: number }).throttleTimeMs = 7;
        },
      };
    });
    const started = Date.now();
    const response = await client.send(Produce, 11, produceRequest(cluster.topic('t'), 0, batchBytes(1)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(response.throttleTimeMs).toBe(7);
    expect(seen).toHaveLength(1);
    fault.remove();
    expect(
      (await client.send(Produce, 11, produceRequest(cluster.topic('t'), 0, batchBytes(1)))).throttleTimeMs,
    ).toBe(0);
  });

  it('drop the connection before or after answering', async () => {
    cluster.onRequest((r) => (r.apiName === 'Metadata' ? { drop: 'before' } : undefined), { times: 1 });
    const a = await open();
    await expect(a.send(Metadata, 12, { ...Metadata.newRequest(), topics: null })).rejects.toThrow('closed');
    cluster.onRequest((r) => (r.apiName === 'Metadata' ? { drop: 'after' } : undefined), { times: 1 });
    const b = await open();
    const answer = await b.send(Metadata, 12, { ...Metadata.newRequest(), topics: null });
    expect(answer.brokers).toHaveLength(3);
    await b.whenClosed();
  });

  it('truncate or corrupt the response bytes', async () => {
    const client = await open();
    cluster.onRequest((r) => (r.apiName === 'Metadata' ? { truncateTo: 6 } : undefined), { times: 1 });
    await expect(client.send(Metadata, 12, { ...Metadata.newRequest(), topics: null })).rejects.toThrow();
    const other = await open();
    cluster.onRequest((r) => (r.apiName === 'Metadata' ? { corrupt: true } : undefined), { times: 1 });
    const frame = other.nextFrame();
    other.sendOnly(Metadata, 12, { ...Metadata.newRequest(), topics: null });
    const bytes = await frame;
    expect(new DataView(bytes.buffer, bytes.byteOffset).getInt32(0)).toBe(1); // the correlation id is kept
    expect(bytes[4]).not.toBe(0);
  });
});

describe('taken-over requests', () => {
  const metadata = { ...Metadata.newRequest(), topics: null };

  it('are held while the connection serves the next ones, and answered later, in any order', async () => {
    const client = await open();
    const held: TakenRequest[] = [];
    cluster.onRequest((r) => (r.apiName === 'Metadata' ? { takeOver: (t) => held.push(t) } : undefined), {
      times: 2,
    });
    const frames = [client.nextFrame(), client.nextFrame(), client.nextFrame()];
    for (let i = 0; i < 3; i++) client.sendOnly(Metadata, 12, metadata);
    // The third is not taken: it is answered first, while the other two wait.
    const first = await frames[0]!;
    expect(correlationOf(first)).toBe(3);
    expect(held.map((h) => h.request.correlationId)).toEqual([1, 2]);
    await held[1]!.answer();
    await held[0]!.answer();
    expect([correlationOf(await frames[1]!), correlationOf(await frames[2]!)]).toEqual([2, 1]);
  });

  it('get raw bytes, a rewritten correlation id, or an end of the connection', async () => {
    const client = await open();
    cluster.onRequest(
      (r) =>
        r.apiName === 'Metadata'
          ? {
              takeOver: async (t) => {
                const frame = (await t.response({ correlationId: 99 }))!;
                expect(new DataView(frame.buffer, frame.byteOffset).getInt32(0)).toBe(frame.length - 4);
                t.write(frame.subarray(0, 6)); // split in two writes
                setTimeout(() => t.end(frame.subarray(6)), 20);
              },
            }
          : undefined,
      { times: 1 },
    );
    const frame = client.nextFrame();
    client.sendOnly(Metadata, 12, metadata);
    expect(correlationOf(await frame)).toBe(99);
    await client.whenClosed();
  });

  it('acks=0 produce: response() is null, the batch is appended', async () => {
    const client = await open();
    let taken: TakenRequest | undefined;
    cluster.onRequest((r) => (r.apiName === 'Produce' ? { takeOver: (t) => (taken = t) } : undefined));
    client.sendOnly(Produce, 11, { ...produceRequest(cluster.topic('t'), 0, batchBytes(2)), acks: 0 });
    await expect.poll(() => taken).toBeDefined();
    expect(await taken!.response()).toBeNull();
    expect(cluster.offsets('t', 0).highWatermark).toBe(2n);
  });
});

describe('test-side state changes', () => {
  it('append stores a batch as a produce would (offsets stamped), and refuses what Produce refuses', () => {
    expect(cluster.append('t', 1, batchBytes(3))).toBe(0n);
    expect(cluster.append('t', 1, batchBytes(2))).toBe(3n);
    expect(cluster.records('t', 1).map((r) => r.offset)).toEqual([0n, 1n, 2n, 3n, 4n]);
    const corrupt = batchBytes(1);
    corrupt[corrupt.length - 1]! ^= 0xff;
    expect(() => cluster.append('t', 1, corrupt)).toThrow(KafkaError);
    expect(cluster.offsets('t', 1).highWatermark).toBe(5n);
  });

  it('moveCoordinator: the old coordinator answers NOT_COORDINATOR, FindCoordinator names the new one', async () => {
    const before = cluster.coordinatorFor('g')!.nodeId;
    const after = (before + 1) % 3;
    cluster.moveCoordinator('g', after);
    const client = await open();
    const found = await client.send(FindCoordinator, 4, {
      ...FindCoordinator.newRequest(),
      keyType: CoordinatorType.GROUP,
      coordinatorKeys: ['g'],
    });
    expect(found.coordinators[0]!.nodeId).toBe(after);
    const old = await open(cluster.broker(before).address());
    const heartbeat = { ...Heartbeat.newRequest(), groupId: 'g', generationId: 1, memberId: 'm' };
    expect((await old.send(Heartbeat, 4, heartbeat)).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
  });

  it('deleteTopic drops the topic; created again, it has a new id', async () => {
    const id = cluster.topic('t').id;
    cluster.deleteTopic('t');
    expect(() => cluster.topic('t')).toThrow(RangeError);
    expect(cluster.createTopic('t', { partitions: 1 }).id).not.toBe(id);
  });
});

describe('cluster faults', () => {
  it('moveLeader bumps the epoch; the old leader answers NOT_LEADER_OR_FOLLOWER pointing at the new one', async () => {
    const old = cluster.partition('t', 0).leader;
    const next = (old + 1) % 3;
    cluster.moveLeader('t', 0, next);
    const client = await open(cluster.broker(old).address());
    expect(await produceCode(client)).toMatchObject({
      errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
      currentLeader: { leaderId: next, leaderEpoch: 1 },
    });
  });

  it('stopBroker fails its partitions over, startBroker brings it back on the same port', async () => {
    const leader = cluster.partition('t', 0).leader;
    const port = cluster.broker(leader).port();
    const connected = await open(cluster.broker(leader).address());
    await cluster.stopBroker(leader);
    await connected.whenClosed();
    expect(cluster.partition('t', 0).leader).not.toBe(leader);
    expect(cluster.partition('t', 0).leaderEpoch).toBe(1);
    expect(cluster.bootstrap.split(',')).toHaveLength(2);
    await cluster.startBroker(leader);
    expect(cluster.broker(leader).port()).toBe(port);
    const again = await open(cluster.broker(leader).address());
    const md = await again.send(Metadata, 12, { ...Metadata.newRequest(), topics: null });
    expect(md.brokers).toHaveLength(3);
  });

  it('partitionOffline takes the leader away until given back', async () => {
    const client = await open();
    cluster.partitionOffline('t', 1);
    const md = await client.send(Metadata, 12, {
      ...Metadata.newRequest(),
      topics: [{ name: 't', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
    });
    expect(md.topics[0]!.partitions[1]).toMatchObject({
      errorCode: ErrorCode.LEADER_NOT_AVAILABLE,
      leaderId: -1,
    });
    cluster.partitionOffline('t', 1, false);
    expect(cluster.partition('t', 1).leader).toBeGreaterThanOrEqual(0);
  });

  it('throttle sets throttle_time_ms on every response of a broker', async () => {
    cluster.throttle(250, 0);
    const client = await open(cluster.broker(0).address());
    expect((await client.send(Metadata, 12, { ...Metadata.newRequest(), topics: null })).throttleTimeMs).toBe(
      250,
    );
    cluster.throttle(0);
    expect((await client.send(Metadata, 12, { ...Metadata.newRequest(), topics: null })).throttleTimeMs).toBe(
      0,
    );
  });
});

describe('classic groups', () => {
  const protocols = [{ name: 'range', metadata: new Uint8Array([1]) }];
  const join = (client: RawClient, memberId: string) =>
    client.send(JoinGroup, 9, {
      ...JoinGroup.newRequest(),
      groupId: 'g',
      sessionTimeoutMs: 6000,
      rebalanceTimeoutMs: 2000,
      memberId,
      protocolType: 'consumer',
      protocols,
    });

  it('generations, REBALANCE_IN_PROGRESS on a new member, and a kicked member gets UNKNOWN_MEMBER_ID', async () => {
    const coordinator = await open();
    const found = await coordinator.send(FindCoordinator, 3, { ...FindCoordinator.newRequest(), key: 'g' });
    const a = await open(`${found.host}:${found.port}`);
    const b = await open(`${found.host}:${found.port}`);
    const first = await join(a, '');
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    const joined = await join(a, first.memberId);
    expect(joined).toMatchObject({ errorCode: 0, generationId: 1, leader: first.memberId });
    const synced = await a.send(SyncGroup, 5, {
      ...SyncGroup.newRequest(),
      groupId: 'g',
      generationId: 1,
      memberId: first.memberId,
      protocolType: 'consumer',
      protocolName: 'range',
      assignments: [{ memberId: first.memberId, assignment: new Uint8Array([9]) }],
    });
    expect(synced.errorCode).toBe(0);
    expect([...synced.assignment]).toEqual([9]);
    expect(cluster.group('g')).toMatchObject({ state: 'Stable', generationId: 1 });

    const bId = (await join(b, '')).memberId;
    const bJoin = join(b, bId);
    const hb = await a.send(Heartbeat, 4, {
      ...Heartbeat.newRequest(),
      groupId: 'g',
      generationId: 1,
      memberId: first.memberId,
    });
    expect(hb.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const [aAgain, bJoined] = await Promise.all([join(a, first.memberId), bJoin]);
    expect(aAgain).toMatchObject({ generationId: 2, leader: first.memberId });
    expect(aAgain.members).toHaveLength(2);
    expect(bJoined).toMatchObject({ generationId: 2, members: [] });

    cluster.kickMember('g', bId);
    const kicked = await b.send(Heartbeat, 4, {
      ...Heartbeat.newRequest(),
      groupId: 'g',
      generationId: 2,
      memberId: bId,
    });
    expect(kicked.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(cluster.group('g')).toMatchObject({ state: 'PreparingRebalance', members: [first.memberId] });
  });
});

describe('configs', () => {
  it('IncrementalAlterConfigs stores topic configs that DescribeConfigs shows; retention.bytes acts', async () => {
    const client = await open();
    const altered = await client.send(IncrementalAlterConfigs, 1, {
      ...IncrementalAlterConfigs.newRequest(),
      resources: [
        {
          resourceType: ConfigResourceType.TOPIC,
          resourceName: 't',
          configs: [{ name: 'retention.bytes', configOperation: 0, value: '100' }],
        },
      ],
    });
    expect(altered.responses[0]!.errorCode).toBe(0);
    const described = await client.send(DescribeConfigs, 4, {
      ...DescribeConfigs.newRequest(),
      resources: [
        { resourceType: ConfigResourceType.TOPIC, resourceName: 't', configurationKeys: ['retention.bytes'] },
      ],
    });
    expect(described.results[0]!.configs).toEqual([
      expect.objectContaining({ name: 'retention.bytes', value: '100' }),
    ]);
    const leader = await open(cluster.broker(cluster.partition('t', 2).leader).address());
    for (let i = 0; i < 5; i++) await produceCode(leader, 2);
    expect(cluster.offsets('t', 2)).toEqual({ logStartOffset: 4n, highWatermark: 5n });
  });
});
