import { KafkaError } from '@lk/api';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import { GroupClient } from '../src/group-client.ts';
import { rejection, uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const encoder = new TextEncoder();
const join = {
  sessionTimeoutMs: 10_000,
  rebalanceTimeoutMs: 15_000,
  protocols: [{ name: 'lk-test', metadata: encoder.encode('m') }],
};

describe('GroupClient with two members', () => {
  const groupId = uniqueTopic('group');
  const topic = uniqueTopic('group-topic');
  const a = new GroupClient({ bootstrap: kafka.bootstrap, groupId });
  const b = new GroupClient({ bootstrap: kafka.bootstrap, groupId });
  afterAll(() => {
    a.close();
    b.close();
  });

  it('joins, syncs, heartbeats, commits, fetches offsets and leaves', async () => {
    await new BootstrapClient(kafka.bootstrap).createTopic(topic, { numPartitions: 2 });

    const first = await a.join(join);
    expect(first.leader).toBe(a.memberId);
    expect(
      new TextDecoder().decode(await a.sync([{ memberId: a.memberId, assignment: encoder.encode('all') }])),
    ).toBe('all');
    await a.heartbeat();

    // B joining starts a rebalance: A learns it from a heartbeat and joins again.
    const bJoined = b.join(join);
    let heartbeatError: Error | null = null;
    for (let i = 0; i < 50 && heartbeatError === null; i++) {
      heartbeatError = await a.heartbeat().then(
        () => null,
        (e: Error) => e,
      );
      if (heartbeatError === null) await new Promise((r) => setTimeout(r, 200));
    }
    expect((heartbeatError as KafkaError).errorName).toBe('REBALANCE_IN_PROGRESS');
    const [aAgain, bFirst] = await Promise.all([a.join(join), bJoined]);
    expect(aAgain.generationId).toBe(bFirst.generationId);
    expect(a.generationId).toBeGreaterThan(first.generationId);
    const leader = aAgain.leader === a.memberId ? a : b;
    const follower = leader === a ? b : a;
    const assignments = [
      { memberId: a.memberId, assignment: encoder.encode('p0') },
      { memberId: b.memberId, assignment: encoder.encode('p1') },
    ];
    const [leaderAssignment, followerAssignment] = await Promise.all([
      leader.sync(assignments),
      follower.sync([]),
    ]);
    expect(new TextDecoder().decode(leader === a ? leaderAssignment : followerAssignment)).toBe('p0');
    expect(new TextDecoder().decode(leader === b ? leaderAssignment : followerAssignment)).toBe('p1');
    await Promise.all([a.heartbeat(), b.heartbeat()]);

    // Commits carry the member id and generation, so Kafka accepts them while the group has members.
    await a.commitOrThrow([{ topic, partition: 0, offset: 42n, metadata: 'a' }]);
    await b.commitOrThrow([{ topic, partition: 1, offset: 7n }]);
    const committed = await a.fetchOffsets([{ topic, partitions: [0, 1] }]);
    expect(committed.map((c) => [c.partition, c.offset, c.error])).toEqual([
      [0, 42n, null],
      [1, 7n, null],
    ]);
    expect(committed[0]!.metadata).toBe('a');

    // libkafka's commit (generation -1, empty member id) is what Kafka rejects.
    const anonymous = new GroupClient({ bootstrap: kafka.bootstrap, groupId });
    const [refused] = await anonymous.commit([{ topic, partition: 0, offset: 1n }]);
    anonymous.close();
    expect(refused!.error).toBeInstanceOf(KafkaError);

    await a.leave();
    await b.leave();
    expect(a.memberId).toBe('');
    const afterLeave = await rejection(b.heartbeat());
    expect(afterLeave).toBeInstanceOf(KafkaError);
  });
});
