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
 * Java's `RoundRobinAssignor` (`roundrobin`): every subscribed partition, topics in name order, is
 * dealt in turn to the members in Java's member order, skipping members not subscribed to its
 * topic.
 */
export class RoundRobinAssignor implements Assignor {
  readonly name = 'roundrobin';
  readonly rebalanceProtocol = 'eager';

  assign(members: readonly AssignorMember[], topics: AssignorTopics): GroupAssignment {
    const builder = new AssignmentBuilder(members);
    const ordered = [...members].sort(compareMembers);
    let turn = 0;
    for (const topic of subscribedTopics(members, topics)) {
      const partitions = [...topics.get(topic)!].sort((a, b) => a.partition - b.partition);
      for (const { partition } of partitions) {
        while (!ordered[turn % ordered.length]!.topics.includes(topic)) turn++;
        builder.add(ordered[turn % ordered.length]!.memberId, topic, partition);
        turn++;
      }
    }
    return builder.build();
  }
}
