import { partitionKey, type TopicPartitions } from '../topic-partition.ts';
import * as base from './assignor.ts';

type AssignorMember = base.AssignorMember;

interface Candidate {
  topic: string;
  partition: base.AssignorPartition;
  key: string;
}

/**
 * Java's `CooperativeStickyAssignor` (`cooperative-sticky`, KIP-429), lk's own algorithm with the
 * same guarantees:
 * - sticky: a member keeps the partitions it owned (claimed in its subscription at the newest
 *   generation; a partition claimed twice at that generation counts as unowned), except what it
 *   must give up for balance;
 * - balanced: with equal subscriptions, counts differ by at most one; otherwise no partition can
 *   move to a member eligible for it that holds two or more fewer;
 * - two-phase: a partition that moves from one member to another is left out of this round's
 *   assignment, so its owner revokes it and joins again, and the next round hands it over. Only the
 *   partitions that move are revoked.
 * New partitions go to the eligible member with the fewest, preferring one on a rack of a replica.
 */
export class CooperativeStickyAssignor implements base.Assignor {
  readonly name = 'cooperative-sticky';
  readonly rebalanceProtocol = 'cooperative';

  /** Java writes the generation as a 4-byte int32 for members that read only subscription v0/v1. */
  subscriptionUserData(state: { generationId: number }): Uint8Array {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setInt32(0, state.generationId);
    return bytes;
  }

  /** Assigns the subscribed partitions of `topics` to `members` (see the class comment for how). */
  assign(members: readonly AssignorMember[], topics: base.AssignorTopics): base.GroupAssignment {
    const ordered = [...members].sort(base.compareMembers);
    const candidates = new Map<string, Candidate>();
    for (const topic of base.subscribedTopics(members, topics)) {
      for (const partition of [...topics.get(topic)!].sort((a, b) => a.partition - b.partition)) {
        const key = partitionKey(topic, partition.partition);
        candidates.set(key, { topic, partition, key });
      }
    }
    const previousOwner = validOwners(ordered, candidates);
    const owned = new Map<string, Set<string>>(ordered.map((m) => [m.memberId, new Set<string>()]));
    for (const [key, memberId] of previousOwner) owned.get(memberId)!.add(key);
    const eligible = (m: AssignorMember, c: Candidate): boolean => m.topics.includes(c.topic);

    if (haveEqualSubscriptions(ordered)) trimToQuota(ordered, owned, candidates.size);
    const assigned = new Set<string>();
    for (const keys of owned.values()) for (const key of keys) assigned.add(key);

    for (const candidate of candidates.values()) {
      if (assigned.has(candidate.key)) continue;
      const taker = fewest(
        ordered.filter((m) => eligible(m, candidate)),
        owned,
        candidate.partition.replicaRacks,
      );
      if (taker === undefined) continue;
      owned.get(taker.memberId)!.add(candidate.key);
    }
    balance(ordered, owned, candidates, eligible, previousOwner);

    // Two-phase: what moves to a new member is withheld until its previous owner has revoked it.
    const builder = new base.AssignmentBuilder(ordered);
    for (const m of ordered) {
      for (const key of owned.get(m.memberId)!) {
        const from = previousOwner.get(key);
        if (from !== undefined && from !== m.memberId) continue;
        const c = candidates.get(key)!;
        builder.add(m.memberId, c.topic, c.partition.partition);
      }
    }
    return builder.build();
  }
}

/** A member's generation: the subscription field (v2+), else the 4-byte userData Java writes. */
function generationOf(member: AssignorMember): number {
  if (member.generationId >= 0) return member.generationId;
  const data = member.userData;
  if (data !== null && data.length === 4) return new DataView(data.buffer, data.byteOffset, 4).getInt32(0);
  return -1;
}

/** Partition key to the member that owns it, by the newest generation's uncontested claims. */
function validOwners(
  members: readonly AssignorMember[],
  candidates: ReadonlyMap<string, Candidate>,
): Map<string, string> {
  const claims = new Map<string, { memberId: string; generation: number; contested: boolean }>();
  for (const m of members) {
    const generation = generationOf(m);
    for (const { topic, partitions } of m.ownedPartitions as TopicPartitions[]) {
      if (!m.topics.includes(topic)) continue;
      for (const partition of partitions) {
        const key = partitionKey(topic, partition);
        if (!candidates.has(key)) continue;
        const claim = claims.get(key);
        if (claim === undefined || generation > claim.generation) {
          claims.set(key, { memberId: m.memberId, generation, contested: false });
        } else if (generation === claim.generation) {
          claim.contested = true;
        }
      }
    }
  }
  const owners = new Map<string, string>();
  for (const [key, claim] of claims) if (!claim.contested) owners.set(key, claim.memberId);
  return owners;
}

function haveEqualSubscriptions(members: readonly AssignorMember[]): boolean {
  const first = [...(members[0]?.topics ?? [])].sort().join('\0');
  return members.every((m) => [...m.topics].sort().join('\0') === first);
}

/**
 * Equal subscriptions: each member keeps at most ceil(P/M) of what it owns, and only P % M members
 * keep that many (the ones owning most); the others keep floor(P/M). What is trimmed is reassigned.
 */
function trimToQuota(
  members: readonly AssignorMember[],
  owned: Map<string, Set<string>>,
  partitionCount: number,
): void {
  if (members.length === 0) return;
  const minQuota = Math.floor(partitionCount / members.length);
  let maxSlots = partitionCount % members.length;
  const byOwned = [...members].sort((a, b) => owned.get(b.memberId)!.size - owned.get(a.memberId)!.size);
  for (const m of byOwned) {
    const keys = owned.get(m.memberId)!;
    let keep = minQuota;
    if (maxSlots > 0 && keys.size > minQuota) {
      keep = minQuota + 1;
      maxSlots--;
    }
    if (keys.size <= keep) continue;
    owned.set(m.memberId, new Set([...keys].slice(0, keep)));
  }
}

/** The member with the fewest partitions; among equals one on a replica's rack, then Java's order. */
function fewest(
  members: readonly AssignorMember[],
  owned: ReadonlyMap<string, Set<string>>,
  replicaRacks: readonly string[],
): AssignorMember | undefined {
  let best: AssignorMember | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const m of members) {
    // Count first; a rack match breaks ties (half a partition).
    const onRack = m.rackId !== null && replicaRacks.includes(m.rackId);
    const score = owned.get(m.memberId)!.size * 2 + (onRack ? 0 : 1);
    if (score < bestScore) {
      best = m;
      bestScore = score;
    }
  }
  return best;
}

/**
 * Moves partitions from a member to an eligible one holding two or more fewer until none can move,
 * newly placed partitions before previously owned ones (they cost no revocation).
 */
function balance(
  members: readonly AssignorMember[],
  owned: Map<string, Set<string>>,
  candidates: ReadonlyMap<string, Candidate>,
  eligible: (m: AssignorMember, c: Candidate) => boolean,
  previousOwner: ReadonlyMap<string, string>,
): void {
  const limit = candidates.size * Math.max(1, members.length);
  for (let moves = 0; moves < limit; moves++) {
    let moved = false;
    for (const from of members) {
      const keys = [...owned.get(from.memberId)!].sort(
        (a, b) =>
          Number(previousOwner.get(a) === from.memberId) - Number(previousOwner.get(b) === from.memberId),
      );
      for (const key of keys) {
        const c = candidates.get(key)!;
        const size = owned.get(from.memberId)!.size;
        const to = fewest(
          members.filter((m) => m !== from && eligible(m, c) && owned.get(m.memberId)!.size < size - 1),
          owned,
          c.partition.replicaRacks,
        );
        if (to === undefined) continue;
        owned.get(from.memberId)!.delete(key);
        owned.get(to.memberId)!.add(key);
        moved = true;
        break;
      }
      if (moved) break;
    }
    if (!moved) return;
  }
}
