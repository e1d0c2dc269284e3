import { KafkaError } from '@lk/api';
import { describe, expect, it } from 'vitest';
import { CooperativeStickyAssignor } from '../src/assignors/cooperative-sticky.ts';
import { RangeAssignor } from '../src/assignors/range.ts';
import { decodeSubscription, encodeAssignment } from '../src/consumer-protocol.ts';
import { ClassicMember, classicAction } from '../src/group/classic-member.ts';
import { ConsumerMember, consumerAction, newMemberId } from '../src/group/consumer-member.ts';
import { ErrorCode } from '../src/kafka-codes.ts';

const topics = new Map([
  ['t', Array.from({ length: 4 }, (_, partition) => ({ partition, replicaRacks: [] }))],
]);

describe('ClassicMember', () => {
  it('sends one subscription per assignor, with owned partitions, generation and rack', () => {
    const member = new ClassicMember([new RangeAssignor(), new CooperativeStickyAssignor()], 'rack-a');
    member.adopt(encodeAssignment({ partitions: [{ topic: 't', partitions: [1] }], userData: null }), 7);
    const protocols = member.protocols(['t']);
    expect(protocols.map((p) => p.name)).toEqual(['range', 'cooperative-sticky']);
    const sticky = decodeSubscription(protocols[1]!.metadata);
    expect(sticky).toEqual({
      topics: ['t'],
      userData: new Uint8Array([0, 0, 0, 7]),
      ownedPartitions: [{ topic: 't', partitions: [1] }],
      generationId: 7,
      rackId: 'rack-a',
    });
    expect(decodeSubscription(protocols[0]!.metadata).userData).toBeNull();
  });

  it('eager (any eager assignor): revokes everything before joining', () => {
    const member = new ClassicMember([new RangeAssignor(), new CooperativeStickyAssignor()], null);
    expect(member.rebalanceProtocol).toBe('eager');
    member.adopt(encodeAssignment({ partitions: [{ topic: 't', partitions: [0, 1] }], userData: null }), 1);
    expect(member.beforeJoin()).toHaveLength(2);
    expect(member.owned).toEqual([]);
    const change = member.adopt(
      encodeAssignment({ partitions: [{ topic: 't', partitions: [1, 2] }], userData: null }),
      2,
    );
    expect(change).toEqual({
      assigned: [
        { topic: 't', partition: 1 },
        { topic: 't', partition: 2 },
      ],
      revoked: [],
      rejoin: false,
    });
  });

  it('cooperative: keeps partitions through the join, revokes only what moved, then rejoins', () => {
    const member = new ClassicMember([new CooperativeStickyAssignor()], null);
    expect(member.rebalanceProtocol).toBe('cooperative');
    member.adopt(encodeAssignment({ partitions: [{ topic: 't', partitions: [0, 1] }], userData: null }), 1);
    expect(member.beforeJoin()).toEqual([]);
    const change = member.adopt(
      encodeAssignment({ partitions: [{ topic: 't', partitions: [1] }], userData: null }),
      2,
    );
    expect(change).toEqual({ assigned: [], revoked: [{ topic: 't', partition: 0 }], rejoin: true });
    const settled = member.adopt(
      encodeAssignment({ partitions: [{ topic: 't', partitions: [1, 3] }], userData: null }),
      3,
    );
    expect(settled).toEqual({ assigned: [{ topic: 't', partition: 3 }], revoked: [], rejoin: false });
  });

  it('as leader, assigns with the protocol the group chose', () => {
    const a = new ClassicMember([new RangeAssignor()], null);
    const b = new ClassicMember([new RangeAssignor()], null);
    const members = [
      { memberId: 'b', groupInstanceId: null, metadata: b.protocols(['t'])[0]!.metadata },
      { memberId: 'a', groupInstanceId: null, metadata: a.protocols(['t'])[0]!.metadata },
    ];
    expect(ClassicMember.subscribedTopics(members)).toEqual(['t']);
    const assignments = a.assign('range', members, topics);
    expect(
      a.adopt(assignments.find((x) => x.memberId === 'a')!.assignment, 1).assigned.map((p) => p.partition),
    ).toEqual([0, 1]);
    expect(() => a.assign('roundrobin', members, topics)).toThrow(/no assignor/);
  });

  it('classifies group errors as Java does (fenced static members rejoin)', () => {
    const action = (code: number) => classicAction(new KafkaError(code));
    expect(action(ErrorCode.REBALANCE_IN_PROGRESS)).toMatchObject({ kind: 'rejoin', lost: false });
    expect(action(ErrorCode.UNKNOWN_MEMBER_ID)).toMatchObject({ kind: 'rejoin', lost: true });
    expect(action(ErrorCode.ILLEGAL_GENERATION)).toMatchObject({ kind: 'rejoin', lost: true });
    expect(action(ErrorCode.FENCED_INSTANCE_ID)).toMatchObject({ kind: 'rejoin', lost: true });
    expect(action(ErrorCode.NOT_COORDINATOR)).toMatchObject({ kind: 'retry' });
    expect(action(ErrorCode.COORDINATOR_LOAD_IN_PROGRESS)).toMatchObject({ kind: 'retry' });
    expect(action(ErrorCode.UNSUPPORTED_VERSION)).toMatchObject({ kind: 'fatal' });
    expect(classicAction(new Error('socket'))).toMatchObject({ kind: 'fatal' });
  });
});

describe('ConsumerMember (KIP-848)', () => {
  const subscription = {
    topics: ['t'],
    pattern: null,
    remoteAssignor: null,
    rackId: null,
    instanceId: null,
    rebalanceTimeoutMs: 300_000,
  };
  const names = new Map([['id-t', 't']]);
  const ok = { errorCode: ErrorCode.NONE, errorMessage: null, memberId: null, heartbeatIntervalMs: 5000 };
  /** A successful heartbeat response carrying a target assignment of one topic. */
  const target = (memberEpoch: number, topicId: string, partitions: number[]) => ({
    ...ok,
    memberEpoch,
    assignment: { topicPartitions: [{ topicId, partitions }] },
  });

  it('makes its own member id, like Java (22 base64url characters)', () => {
    expect(newMemberId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(newMemberId()).not.toBe(newMemberId());
  });

  it('joins at epoch 0, reconciles the target, acks what it owns, leaves at -1 (static: -2)', () => {
    const member = new ConsumerMember(3000, 'm');
    const join = member.heartbeat(subscription);
    expect(join).toMatchObject({
      memberId: 'm',
      memberEpoch: 0,
      subscribedTopicNames: ['t'],
      topicPartitions: [],
    });
    expect(member.answer(target(1, 'id-t', [0, 1]))).toBeNull();
    expect(member.heartbeatIntervalMs).toBe(5000);
    const first = member.reconcile((id) => names.get(id));
    expect(first.assign.map((p) => p.partition)).toEqual([0, 1]);
    member.assigned(first.assign);
    expect(member.ackDue).toBe(true);
    expect(member.heartbeat(subscription).topicPartitions).toEqual([{ topicId: 'id-t', partitions: [0, 1] }]);
    expect(member.ackDue).toBe(false);
    // A null assignment means unchanged.
    member.answer({ ...ok, memberEpoch: 1, assignment: null });
    expect(member.reconcile((id) => names.get(id))).toEqual({ revoke: [], assign: [], unresolved: [] });
    member.answer(target(2, 'id-t', [1]));
    const second = member.reconcile((id) => names.get(id));
    expect(second.revoke).toEqual([{ topic: 't', partition: 0, topicId: 'id-t' }]);
    member.revoked(second.revoke);
    expect(member.heartbeat(subscription)).toMatchObject({
      memberEpoch: 2,
      topicPartitions: [{ topicId: 'id-t', partitions: [1] }],
    });
    expect(member.leave(subscription).memberEpoch).toBe(-1);
    expect(member.leave({ ...subscription, instanceId: 'i' }).memberEpoch).toBe(-2);
  });

  it('waits for names of unknown topic ids, keeping what it owns of them', () => {
    const member = new ConsumerMember(3000, 'm');
    member.answer(target(1, 'id-u', [0]));
    expect(member.reconcile(() => undefined)).toEqual({ revoke: [], assign: [], unresolved: ['id-u'] });
  });

  it('sends a regex subscription instead of names', () => {
    const member = new ConsumerMember(3000, 'm');
    expect(member.heartbeat({ ...subscription, topics: null, pattern: 'orders-.*' })).toMatchObject({
      subscribedTopicNames: null,
      subscribedTopicRegex: 'orders-.*',
    });
  });

  it('fenced: loses everything, rejoins at epoch 0 with the same id', () => {
    const member = new ConsumerMember(3000, 'm');
    member.answer(target(4, 'id-t', [0]));
    member.assigned(member.reconcile((id) => names.get(id)).assign);
    const action = member.answer({
      ...ok,
      errorCode: ErrorCode.FENCED_MEMBER_EPOCH,
      memberEpoch: 0,
      assignment: null,
    });
    expect(action).toMatchObject({ kind: 'rejoin', lost: true });
    expect(member.lose()).toHaveLength(1);
    expect(member.heartbeat(subscription)).toMatchObject({
      memberId: 'm',
      memberEpoch: 0,
      topicPartitions: [],
    });
    expect(consumerAction(new KafkaError(ErrorCode.UNKNOWN_MEMBER_ID))).toMatchObject({
      kind: 'rejoin',
      lost: true,
    });
    expect(consumerAction(new KafkaError(ErrorCode.UNRELEASED_INSTANCE_ID))).toMatchObject({ kind: 'fatal' });
    expect(consumerAction(new KafkaError(ErrorCode.NOT_COORDINATOR))).toMatchObject({ kind: 'retry' });
  });
});
