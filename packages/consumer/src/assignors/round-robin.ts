import * as base from './assignor.ts';

/**
 * Java's `RoundRobinAssignor` (`roundrobin`): every subscribed partition, topics in name order, is
 * dealt in turn to the members in Java's member order, skipping members not subscribed to its
 * topic.
 */
export class RoundRobinAssignor implements base.Assignor {
  readonly name = 'roundrobin';
  readonly rebalanceProtocol = 'eager';

  /** Assigns the subscribed partitions of `topics` to `members` (see the class comment for how). */
  assign(members: readonly base.AssignorMember[], topics: base.AssignorTopics): base.GroupAssignment {
    const builder = new base.AssignmentBuilder(members);
    const circle = [...members].sort(base.compareMembers);
    let turn = 0;
    for (const topic of base.subscribedTopics(members, topics)) {
      for (const { partition } of [...topics.get(topic)!].sort((a, b) => a.partition - b.partition)) {
        while (!circle[turn % circle.length]!.topics.includes(topic)) turn++;
        builder.add(circle[turn % circle.length]!.memberId, topic, partition);
        turn++;
      }
    }
    return builder.build();
  }
}
