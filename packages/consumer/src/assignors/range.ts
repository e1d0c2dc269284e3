import {
  type Assignor,
  type AssignorMember,
  type AssignorTopics,
  assignPerTopic,
  type GroupAssignment,
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

  /** Assigns the subscribed partitions of `topics` to `members` (see the class comment for how). */
  assign(members: readonly AssignorMember[], topics: AssignorTopics): GroupAssignment {
    return assignPerTopic(members, topics, (topic, partitions, ordered, add) => {
      const subscribers = ordered.filter((m) => m.topics.includes(topic));
      const perMember = Math.floor(partitions.length / subscribers.length);
      const extra = partitions.length % subscribers.length;
      const quota = (i: number): number => perMember + (i < extra ? 1 : 0);
      const counts = subscribers.map(() => 0);
      const taken = new Set<number>();
      const take = (i: number, partition: number): void => {
        taken.add(partition);
        counts[i]!++;
        add(subscribers[i]!.memberId, partition);
      };
      if (isRackAware(subscribers, partitions)) {
        subscribers.forEach((m, i) => {
          for (const p of partitions) {
            if (counts[i]! >= quota(i)) break;
            if (!taken.has(p.partition) && p.replicaRacks.includes(m.rackId!)) take(i, p.partition);
          }
        });
      }
      // Plain range, or what the racks left: in partition order.
      const rest = partitions.filter((p) => !taken.has(p.partition));
      subscribers.forEach((_m, i) => {
        while (counts[i]! < quota(i)) take(i, rest.shift()!.partition);
      });
    });
  }
}

/** Racks matter when some member has one and some replica is placed on a known rack. */
export function isRackAware(
  members: readonly AssignorMember[],
  partitions: readonly { replicaRacks: readonly string[] }[],
): boolean {
  return members.some((m) => m.rackId !== null) && partitions.some((p) => p.replicaRacks.length > 0);
}
