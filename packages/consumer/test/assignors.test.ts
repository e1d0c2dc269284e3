import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssignorMember, AssignorTopics, GroupAssignment } from '../src/assignors/assignor.ts';
import { CooperativeStickyAssignor } from '../src/assignors/cooperative-sticky.ts';
import { RangeAssignor } from '../src/assignors/range.ts';
import { RoundRobinAssignor } from '../src/assignors/round-robin.ts';
import { flatten, partitionKey, type TopicPartitions } from '../src/topic-partition.ts';

function member(memberId: string, topics: string[], extra: Partial<AssignorMember> = {}): AssignorMember {
  return {
    memberId,
    groupInstanceId: null,
    topics,
    ownedPartitions: [],
    generationId: -1,
    rackId: null,
    userData: null,
    ...extra,
  };
}

function topicsOf(
  spec: Record<string, number>,
  racks?: (topic: string, p: number) => string[],
): AssignorTopics {
  return new Map(
    Object.entries(spec).map(([name, count]) => [
      name,
      Array.from({ length: count }, (_, partition) => ({
        partition,
        replicaRacks: racks?.(name, partition) ?? [],
      })),
    ]),
  );
}

function keysOf(assignment: GroupAssignment, memberId: string): string[] {
  return flatten(assignment.get(memberId) ?? []).map((tp) => partitionKey(tp.topic, tp.partition));
}

function counts(assignment: GroupAssignment): number[] {
  return [...assignment.values()].map((tps) => flatten(tps).length);
}

describe('RangeAssignor', () => {
  it('gives consecutive ranges per topic, the first members one more (Java example)', () => {
    // Java's RangeAssignor doc: C0, C1 subscribed to t0, t1 with 3 partitions each.
    const result = new RangeAssignor().assign(
      [member('C1', ['t0', 't1']), member('C0', ['t0', 't1'])],
      topicsOf({ t0: 3, t1: 3 }),
    );
    expect(result.get('C0')).toEqual([
      { topic: 't0', partitions: [0, 1] },
      { topic: 't1', partitions: [0, 1] },
    ]);
    expect(result.get('C1')).toEqual([
      { topic: 't0', partitions: [2] },
      { topic: 't1', partitions: [2] },
    ]);
  });

  it('orders static members first, by instance id', () => {
    const result = new RangeAssignor().assign(
      [
        member('a', ['t']),
        member('z', ['t'], { groupInstanceId: 'i-2' }),
        member('y', ['t'], { groupInstanceId: 'i-1' }),
      ],
      topicsOf({ t: 3 }),
    );
    expect(keysOf(result, 'y')).toEqual(['t/0']);
    expect(keysOf(result, 'z')).toEqual(['t/1']);
    expect(keysOf(result, 'a')).toEqual(['t/2']);
  });

  it('skips topics without metadata and members not subscribed', () => {
    const result = new RangeAssignor().assign(
      [member('a', ['t', 'missing']), member('b', ['u'])],
      topicsOf({ t: 2, u: 1 }),
    );
    expect(result.get('a')).toEqual([{ topic: 't', partitions: [0, 1] }]);
    expect(result.get('b')).toEqual([{ topic: 'u', partitions: [0] }]);
  });

  it('with racks, prefers partitions with a replica on the member rack, keeping range counts', () => {
    // Partition p has its only replica on rack r(p % 2).
    const topics = topicsOf({ t: 4 }, (_t, p) => [`r${p % 2}`]);
    const result = new RangeAssignor().assign(
      [member('a', ['t'], { rackId: 'r1' }), member('b', ['t'], { rackId: 'r0' })],
      topics,
    );
    expect(keysOf(result, 'a')).toEqual(['t/1', 't/3']);
    expect(keysOf(result, 'b')).toEqual(['t/0', 't/2']);
  });
});

describe('RoundRobinAssignor', () => {
  it('deals all partitions in turn (Java example)', () => {
    const result = new RoundRobinAssignor().assign(
      [member('C0', ['t0', 't1']), member('C1', ['t0', 't1'])],
      topicsOf({ t0: 3, t1: 3 }),
    );
    expect(keysOf(result, 'C0')).toEqual(['t0/0', 't0/2', 't1/1']);
    expect(keysOf(result, 'C1')).toEqual(['t0/1', 't1/0', 't1/2']);
  });

  it('skips members not subscribed to a topic (Java example)', () => {
    const result = new RoundRobinAssignor().assign(
      [member('C0', ['t0']), member('C1', ['t0', 't1']), member('C2', ['t0', 't1', 't2'])],
      topicsOf({ t0: 1, t1: 2, t2: 3 }),
    );
    expect(keysOf(result, 'C0')).toEqual(['t0/0']);
    expect(keysOf(result, 'C1')).toEqual(['t1/0']);
    expect(keysOf(result, 'C2')).toEqual(['t1/1', 't2/0', 't2/1', 't2/2']);
  });
});

const eagerAssignors = [new RangeAssignor(), new RoundRobinAssignor()];

describe('every assignor', () => {
  const groups = fc.record({
    topicSizes: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 }),
    subscriptions: fc.array(fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), {
      minLength: 1,
      maxLength: 7,
    }),
  });

  it('assigns each subscribed partition exactly once, to a subscriber (eager) or at most once (cooperative, first round: all)', () => {
    fc.assert(
      fc.property(groups, ({ topicSizes, subscriptions }) => {
        const spec = Object.fromEntries(topicSizes.map((n, i) => [`t${i}`, n]));
        const members = subscriptions.map((flags, i) =>
          member(
            `m${i}`,
            topicSizes.map((_, t) => `t${t}`).filter((_, t) => flags[t]),
          ),
        );
        const expected = new Set<string>();
        for (const m of members)
          for (const t of m.topics) for (let p = 0; p < spec[t]!; p++) expected.add(`${t}/${p}`);
        for (const assignor of [...eagerAssignors, new CooperativeStickyAssignor()]) {
          const result = assignor.assign(members, topicsOf(spec));
          const seen: string[] = [];
          for (const m of members) {
            for (const key of keysOf(result, m.memberId)) {
              expect(m.topics).toContain(key.split('/')[0]);
              seen.push(key);
            }
          }
          expect(seen.sort()).toEqual([...expected].sort());
        }
      }),
    );
  });
});

/** Runs rebalances as a cooperative group does: members report what they own until nothing moves. */
function converge(
  assignor: CooperativeStickyAssignor,
  owned: Map<string, TopicPartitions[]>,
  subscriptions: Map<string, string[]>,
  topics: AssignorTopics,
  generation: number,
): { assignment: GroupAssignment; rounds: number; revoked: Map<string, string[]> } {
  const revoked = new Map<string, string[]>();
  for (let round = 1; round <= 3; round++) {
    const members = [...subscriptions].map(([id, t]) =>
      member(id, t, { ownedPartitions: owned.get(id) ?? [], generationId: generation + round - 1 }),
    );
    const assignment = assignor.assign(members, topics);
    let anyRevoked = false;
    for (const [id] of subscriptions) {
      const before = flatten(owned.get(id) ?? []).map((tp) => partitionKey(tp.topic, tp.partition));
      const after = new Set(keysOf(assignment, id));
      const lost = before.filter((k) => !after.has(k));
      if (lost.length > 0) {
        anyRevoked = true;
        revoked.set(id, [...(revoked.get(id) ?? []), ...lost]);
      }
      owned.set(id, assignment.get(id)!);
    }
    if (!anyRevoked) return { assignment, rounds: round, revoked };
  }
  throw new Error('did not converge in 3 rounds');
}

describe('CooperativeStickyAssignor', () => {
  const assignor = new CooperativeStickyAssignor();

  it('balances a fresh group', () => {
    const result = assignor.assign(
      [member('a', ['t']), member('b', ['t']), member('c', ['t'])],
      topicsOf({ t: 12 }),
    );
    expect(counts(result)).toEqual([4, 4, 4]);
  });

  /** A group of members subscribed to `t` (12 partitions) after its first rebalances. */
  const settled = (ids: string[]) => {
    const topics = topicsOf({ t: 12 });
    const owned = new Map<string, TopicPartitions[]>();
    const subs = new Map(ids.map((id) => [id, ['t']]));
    converge(assignor, owned, subs, topics, 1);
    return { topics, owned, subs };
  };

  it('a joining member: only moving partitions are revoked, handed over in the second round', () => {
    const { topics, owned, subs } = settled(['a', 'b']);
    const before = new Map(
      [...owned].map(([id, tps]) => [id, new Set(flatten(tps).map((tp) => tp.partition))]),
    );
    subs.set('c', ['t']);
    const first = assignor.assign(
      [...subs].map(([id, t]) => member(id, t, { ownedPartitions: owned.get(id) ?? [], generationId: 5 })),
      topics,
    );
    // Round 1: c gets nothing yet; a and b each give up exactly 2 and keep the other 4.
    expect(keysOf(first, 'c')).toEqual([]);
    for (const id of ['a', 'b']) {
      const kept = flatten(first.get(id)!).map((tp) => tp.partition);
      expect(kept).toHaveLength(4);
      for (const p of kept) expect(before.get(id)!.has(p)).toBe(true);
    }
    const { assignment, revoked } = converge(assignor, owned, subs, topics, 5);
    expect(counts(assignment).sort()).toEqual([4, 4, 4]);
    expect((revoked.get('a') ?? []).length + (revoked.get('b') ?? []).length).toBe(4);
    expect(revoked.get('c')).toBeUndefined();
  });

  it('a leaving member: its partitions are spread, nobody else loses any', () => {
    const { topics, owned, subs } = settled(['a', 'b', 'c']);
    subs.delete('c');
    owned.delete('c');
    const { assignment, rounds, revoked } = converge(assignor, owned, subs, topics, 5);
    expect(rounds).toBe(1);
    expect(revoked.size).toBe(0);
    expect(counts(assignment)).toEqual([6, 6]);
  });

  it('a claim at an older generation loses to the newest; a contested claim counts as unowned', () => {
    const result = assignor.assign(
      [
        member('a', ['t'], { ownedPartitions: [{ topic: 't', partitions: [0, 1] }], generationId: 3 }),
        member('b', ['t'], { ownedPartitions: [{ topic: 't', partitions: [1] }], generationId: 4 }),
      ],
      topicsOf({ t: 2 }),
    );
    expect(keysOf(result, 'a')).toEqual(['t/0']);
    expect(keysOf(result, 'b')).toEqual(['t/1']);
    const contested = assignor.assign(
      [
        member('a', ['t'], { ownedPartitions: [{ topic: 't', partitions: [0] }], generationId: 4 }),
        member('b', ['t'], { ownedPartitions: [{ topic: 't', partitions: [0] }], generationId: 4 }),
      ],
      topicsOf({ t: 2 }),
    );
    expect(counts(contested)).toEqual([1, 1]);
  });

  it('reads the generation from Java userData when the subscription has none', () => {
    const data = assignor.subscriptionUserData({ generationId: 7 });
    expect([...data]).toEqual([0, 0, 0, 7]);
    const result = assignor.assign(
      [
        member('a', ['t'], {
          ownedPartitions: [{ topic: 't', partitions: [0] }],
          userData: assignor.subscriptionUserData({ generationId: 2 }),
        }),
        member('b', ['t'], { ownedPartitions: [{ topic: 't', partitions: [0] }], userData: data }),
      ],
      topicsOf({ t: 2 }),
    );
    expect(keysOf(result, 'b')).toEqual(['t/0']);
  });

  it('new partitions go to a member on a replica rack among the least loaded', () => {
    const result = assignor.assign(
      [member('a', ['t'], { rackId: 'r0' }), member('b', ['t'], { rackId: 'r1' })],
      topicsOf({ t: 4 }, (_t, p) => [`r${p % 2}`]),
    );
    expect(keysOf(result, 'a')).toEqual(['t/0', 't/2']);
    expect(keysOf(result, 'b')).toEqual(['t/1', 't/3']);
  });

  it('property: after any membership change it converges in two rounds, balanced, moving only what it must', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        (partitions, initial, joining, leaving) => {
          const topics = topicsOf({ t: partitions });
          const owned = new Map<string, TopicPartitions[]>();
          const subs = new Map(
            Array.from({ length: initial }, (_, i) => [`m${i}`, ['t']] as [string, string[]]),
          );
          converge(assignor, owned, subs, topics, 1);
          for (let i = 0; i < Math.min(leaving, initial - 1); i++) {
            subs.delete(`m${i}`);
            owned.delete(`m${i}`);
          }
          for (let i = 0; i < joining; i++) subs.set(`n${i}`, ['t']);
          const before = new Map([...owned].map(([id, tps]) => [id, flatten(tps).length]));
          const { assignment, rounds, revoked } = converge(assignor, owned, subs, topics, 10);
          expect(rounds).toBeLessThanOrEqual(2);
          const c = counts(assignment);
          expect(c.reduce((a, b) => a + b, 0)).toBe(partitions);
          expect(Math.max(...c) - Math.min(...c)).toBeLessThanOrEqual(1);
          // A survivor gives up only what exceeds its new share.
          const share = Math.ceil(partitions / subs.size);
          for (const [id, lost] of revoked)
            expect(lost.length).toBeLessThanOrEqual(Math.max(0, before.get(id)! - share + 1));
        },
      ),
    );
  });
});
