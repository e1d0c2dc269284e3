import {
  AssignmentBuilder,
  type Assignor,
  type AssignorMember,
  type AssignorTopics,
  compareMembers,
  type GroupAssignment,
  subscribedTopics,
} from './assignor.ts';

/**
 * Java's `RangeAssignor` (`range`): per topic, the members subscribed to it in Java's member order
 * get consecutive ranges, the first `partitions % members` one partition more. With racks on
 * members and replicas, each member first takes partitions with a replica on its rack, up to the
 * same count, then the rest are dealt in order: the counts stay those of plain range.
 */
export class RangeAssignor implements Assignor {
  readonly name = 'range';
  readonly rebalanceProtocol = 'eager';

  assign(members: readonly AssignorMember[], topics: AssignorTopics): GroupAssignment {
    const builder = new AssignmentBuilder(members);
    const ordered = [...members].sort(compareMembers);
    for (const topic of subscribedTopics(members, topics)) {
      const subscribers = ordered.filter((m) => m.topics.includes(topic));
      const partitions = [...topics.get(topic)!].sort((a, b) => a.partition - b.partition);
      const perMember = Math.floor(partitions.length / subscribers.length);
      const extra = partitions.length % subscribers.length;
      const quota = (i: number): number => perMember + (i < extra ? 1 : 0);
      if (!isRackAware(subscribers, partitions)) {
        let next = 0;
        subscribers.forEach((m, i) => {
          for (const p of partitions.slice(next, next + quota(i)))
            builder.add(m.memberId, topic, p.partition);
          next += quota(i);
        });
        continue;
      }
      const taken = new Set<number>();
      const counts = subscribers.map(() => 0);
      subscribers.forEach((m, i) => {
        for (const p of partitions) {
          if (counts[i]! >= quota(i)) break;
          if (taken.has(p.partition) || !p.replicaRacks.includes(m.rackId!)) continue;
          taken.add(p.partition);
          counts[i]!++;
          builder.add(m.memberId, topic, p.partition);
        }
      });
      const rest = partitions.filter((p) => !taken.has(p.partition));
      subscribers.forEach((m, i) => {
        while (counts[i]! < quota(i)) {
          builder.add(m.memberId, topic, rest.shift()!.partition);
          counts[i]!++;
        }
      });
    }
    return builder.build();
  }
}

/** Racks matter when some member has one and some replica is placed on a known rack. */
export function isRackAware(
  members: readonly AssignorMember[],
  partitions: readonly { replicaRacks: readonly string[] }[],
): boolean {
  return members.some((m) => m.rackId !== null) && partitions.some((p) => p.replicaRacks.length > 0);
}
