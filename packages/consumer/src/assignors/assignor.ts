import { compareStrings, type TopicPartitions } from '../topic-partition.ts';

/** One member of a classic group as the leader's assignor sees it (from its JoinGroup subscription). */
export interface AssignorMember {
  memberId: string;
  /** Static membership id (KIP-345), or null. */
  groupInstanceId: string | null;
  topics: readonly string[];
  /** What the member owned before this rebalance (subscription v1+; cooperative assignors need it). */
  ownedPartitions: readonly TopicPartitions[];
  /** The generation of `ownedPartitions`, -1 when unknown. */
  generationId: number;
  rackId: string | null;
  userData: Uint8Array | null;
}

/** One partition the assignor may hand out, with the racks of its replicas (empty when unknown). */
export interface AssignorPartition {
  partition: number;
  replicaRacks: readonly string[];
}

/** Each subscribed topic's partitions, from Metadata. Topics missing from the map are skipped. */
export type AssignorTopics = ReadonlyMap<string, readonly AssignorPartition[]>;

/** Member id to its partitions. Every member appears, with an empty list if it gets nothing. */
export type GroupAssignment = Map<string, TopicPartitions[]>;

/**
 * A client-side partition assignor of the classic protocol (Java's `ConsumerPartitionAssignor`).
 * The leader runs `assign` on every member's subscription; its `name` is the JoinGroup protocol
 * name, so lk and Java members with the same assignor name can share a group.
 */
export interface Assignor {
  readonly name: string;
  /**
   * `eager`: every member gives up all partitions before joining. `cooperative` (KIP-429): members
   * keep what they own and give up only what moves, the mover joining a second time.
   */
  readonly rebalanceProtocol: 'eager' | 'cooperative';
  /** userData of this member's subscription. Default null. */
  subscriptionUserData?(state: {
    generationId: number;
    owned: readonly TopicPartitions[];
  }): Uint8Array | null;
  /** The leader's plan: which partitions of `topics` each member gets, from their subscriptions. */
  assign(members: readonly AssignorMember[], topics: AssignorTopics): GroupAssignment;
}

/**
 * Java's member order for range and round-robin: static members first by instance id, then
 * dynamic ones by member id.
 */
export function compareMembers(a: AssignorMember, b: AssignorMember): number {
  if (a.groupInstanceId !== null && b.groupInstanceId !== null) {
    return compareStrings(a.groupInstanceId, b.groupInstanceId);
  }
  if (a.groupInstanceId !== null) return -1;
  if (b.groupInstanceId !== null) return 1;
  return compareStrings(a.memberId, b.memberId);
}

/** Collects per-member partition lists into the result shape, topics and partitions sorted. */
export class AssignmentBuilder {
  private readonly byMember = new Map<string, Map<string, number[]>>();

  constructor(members: readonly AssignorMember[]) {
    for (const m of members) this.byMember.set(m.memberId, new Map());
  }

  add(memberId: string, topic: string, partition: number): void {
    const topics = this.byMember.get(memberId)!;
    const list = topics.get(topic);
    if (list) list.push(partition);
    else topics.set(topic, [partition]);
  }

  build(): GroupAssignment {
    const result: GroupAssignment = new Map();
    for (const [memberId, topics] of this.byMember) {
      result.set(
        memberId,
        [...topics.keys()]
          .sort(compareStrings)
          .map((topic) => ({ topic, partitions: topics.get(topic)!.sort((a, b) => a - b) })),
      );
    }
    return result;
  }
}

/** The subscribed topics that exist, sorted. */
export function subscribedTopics(members: readonly AssignorMember[], topics: AssignorTopics): string[] {
  const names = new Set<string>();
  for (const m of members) for (const t of m.topics) if (topics.has(t)) names.add(t);
  return [...names].sort(compareStrings);
}

/**
 * The frame of range and round-robin: members in Java's order, each existing subscribed topic in
 * name order with its partitions ascending, results collected by `add(memberId, partition)`.
 */
export function assignPerTopic(
  members: readonly AssignorMember[],
  topics: AssignorTopics,
  assignTopic: (
    topic: string,
    partitions: readonly AssignorPartition[],
    ordered: readonly AssignorMember[],
    add: (memberId: string, partition: number) => void,
  ) => void,
): GroupAssignment {
  const builder = new AssignmentBuilder(members);
  const ordered = [...members].sort(compareMembers);
  for (const topic of subscribedTopics(members, topics)) {
    const partitions = [...topics.get(topic)!].sort((a, b) => a.partition - b.partition);
    assignTopic(topic, partitions, ordered, (memberId, partition) => builder.add(memberId, topic, partition));
  }
  return builder.build();
}
