import type { Assignor, AssignorMember, AssignorTopics } from '../assignors/assignor.ts';
import {
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
} from '../consumer-protocol.ts';
import { GroupError } from '../errors.ts';
import { ErrorCode } from '../kafka-codes.ts';
import {
  compareStrings,
  flatten,
  groupByTopic,
  partitionKey,
  type TopicPartition,
  type TopicPartitions,
} from '../topic-partition.ts';
import { type MembershipAction, membershipAction } from './membership-action.ts';

/** One member as JoinGroup's response lists it to the leader. */
export interface JoinedMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Uint8Array;
}

/** What a member does with the assignment SyncGroup gave it. */
export interface AssignmentChange {
  /** Newly assigned: start fetching them. */
  assigned: TopicPartition[];
  /** Owned before but not assigned now: revoke them (cooperative: then join again). */
  revoked: TopicPartition[];
  /** Cooperative: partitions were revoked, so join again to let the group hand them over. */
  rejoin: boolean;
}

/**
 * The classic group protocol's member state, without I/O: the subscription it sends in JoinGroup
 * (one protocol per assignor), the leader's assignment, the change SyncGroup brings, and what each
 * group error means. The consumer drives it with `GroupClient` of @lk/client.
 */
export class ClassicMember {
  readonly assignors: readonly Assignor[];
  readonly rackId: string | null;
  /** `cooperative` only when every assignor is: otherwise every member must revoke all before joining. */
  readonly rebalanceProtocol: 'eager' | 'cooperative';
  /** The generation of {@link owned}, -1 before the first sync. */
  generationId = -1;
  private ownedKeys = new Map<string, TopicPartition>();

  constructor(assignors: readonly Assignor[], rackId: string | null) {
    this.assignors = assignors;
    this.rackId = rackId;
    this.rebalanceProtocol = assignors.every((a) => a.rebalanceProtocol === 'cooperative')
      ? 'cooperative'
      : 'eager';
  }

  /** The partitions the member owns now. */
  get owned(): TopicPartition[] {
    return [...this.ownedKeys.values()];
  }

  /** Before JoinGroup: what the member revokes first (eager: everything; cooperative: nothing). */
  beforeJoin(): TopicPartition[] {
    if (this.rebalanceProtocol === 'cooperative') return [];
    const revoked = this.owned;
    this.ownedKeys.clear();
    return revoked;
  }

  /** The partitions are gone (generation lost): forget them; returns them for `lost` callbacks. */
  lose(): TopicPartition[] {
    const lost = this.owned;
    this.ownedKeys.clear();
    this.generationId = -1;
    return lost;
  }

  /** JoinGroup's protocols: the subscription under each assignor's name, in preference order. */
  protocols(topics: readonly string[]): { name: string; metadata: Uint8Array }[] {
    const owned = groupByTopic(this.owned);
    const sortedTopics = [...topics].sort(compareStrings);
    return this.assignors.map((assignor) => ({
      name: assignor.name,
      metadata: encodeSubscription({
        topics: sortedTopics,
        userData: assignor.subscriptionUserData?.({ generationId: this.generationId, owned }) ?? null,
        ownedPartitions: owned,
        generationId: this.generationId,
        rackId: this.rackId,
      }),
    }));
  }

  /** The topics every member subscribed to (the leader fetches their metadata before {@link assign}). */
  static subscribedTopics(members: readonly JoinedMember[]): string[] {
    const topics = new Set<string>();
    for (const m of members) for (const t of decodeSubscription(m.metadata).topics) topics.add(t);
    return [...topics].sort(compareStrings);
  }

  /** The leader's work: runs the chosen assignor and encodes each member's assignment for SyncGroup. */
  assign(
    protocolName: string,
    members: readonly JoinedMember[],
    topics: AssignorTopics,
  ): { memberId: string; assignment: Uint8Array }[] {
    const assignor = this.assignors.find((a) => a.name === protocolName);
    if (assignor === undefined) {
      throw new GroupError(
        `the group chose the protocol ${protocolName}, which no assignor of this member has`,
      );
    }
    const assignorMembers: AssignorMember[] = members.map((m) => {
      const s = decodeSubscription(m.metadata);
      return {
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        topics: s.topics,
        ownedPartitions: s.ownedPartitions,
        generationId: s.generationId,
        rackId: s.rackId,
        userData: s.userData,
      };
    });
    const result = assignor.assign(assignorMembers, topics);
    return members.map((m) => ({
      memberId: m.memberId,
      assignment: encodeAssignment({ partitions: result.get(m.memberId) ?? [], userData: null }),
    }));
  }

  /** After SyncGroup: adopts the assignment and generation, and says what changed. */
  adopt(assignmentBytes: Uint8Array, generationId: number): AssignmentChange {
    const next = new Map<string, TopicPartition>();
    for (const tp of flatten(decodeAssignment(assignmentBytes).partitions as TopicPartitions[])) {
      next.set(partitionKey(tp.topic, tp.partition), tp);
    }
    const revoked = [...this.ownedKeys].filter(([k]) => !next.has(k)).map(([, tp]) => tp);
    const assigned = [...next].filter(([k]) => !this.ownedKeys.has(k)).map(([, tp]) => tp);
    this.ownedKeys = next;
    this.generationId = generationId;
    return { assigned, revoked, rejoin: this.rebalanceProtocol === 'cooperative' && revoked.length > 0 };
  }
}

/**
 * What an error of JoinGroup, SyncGroup or Heartbeat means for a classic member (Java's
 * AbstractCoordinator): REBALANCE_IN_PROGRESS joins again keeping the partitions; UNKNOWN_MEMBER_ID,
 * ILLEGAL_GENERATION and FENCED_INSTANCE_ID end the generation (partitions lost) and join again
 * afresh (a fenced static member rejoins and is reported, where Java stops); the rest are fatal.
 */
export function classicAction(error: unknown): MembershipAction {
  return membershipAction(
    error,
    [ErrorCode.REBALANCE_IN_PROGRESS],
    [ErrorCode.UNKNOWN_MEMBER_ID, ErrorCode.ILLEGAL_GENERATION, ErrorCode.FENCED_INSTANCE_ID],
  );
}
