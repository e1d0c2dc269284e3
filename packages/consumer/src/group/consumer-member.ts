import { randomBytes } from 'node:crypto';
import { type ConsumerGroupHeartbeatRequest, KafkaError, MemberEpoch } from '@lk/api';
import { ErrorCode } from '../kafka-codes.ts';
import { partitionKey, type TopicPartition } from '../topic-partition.ts';
import { type MembershipAction, membershipAction } from './membership-action.ts';

/** What the member subscribes to in a KIP-848 group. */
export interface ConsumerSubscription {
  topics: readonly string[] | null;
  /** A broker-side (RE2/J) pattern, instead of `topics`. */
  pattern: string | null;
  remoteAssignor: string | null;
  rackId: string | null;
  instanceId: string | null;
  rebalanceTimeoutMs: number;
}

/** The fields of a ConsumerGroupHeartbeat request this member sends (groupId aside). */
export type ConsumerHeartbeatFields = Omit<ConsumerGroupHeartbeatRequest, 'groupId' | 'unknownTaggedFields'>;

/** The response fields the member reads. */
export interface ConsumerHeartbeatAnswer {
  errorCode: number;
  errorMessage: string | null;
  memberId: string | null;
  memberEpoch: number;
  heartbeatIntervalMs: number;
  assignment: { topicPartitions: { topicId: string; partitions: number[] }[] } | null;
}

/** A partition with the topic id the coordinator names it by. */
export interface OwnedPartition extends TopicPartition {
  topicId: string;
}

/** What reconciling the target assignment asks of the consumer. */
export interface Reconciliation {
  /** Stop fetching, commit and call `revoked` for these, then {@link ConsumerMember.revoked}. */
  revoke: OwnedPartition[];
  /** Start fetching these, then {@link ConsumerMember.assigned}. */
  assign: OwnedPartition[];
  /** Topic ids of the target whose names are not known yet: refresh metadata, reconcile again. */
  unresolved: string[];
}

/**
 * The KIP-848 member state without I/O: the heartbeat it sends, the target assignment the
 * coordinator returns, and the reconciliation from what it owns to that target. The member id is
 * made by the member (heartbeat v1+) and kept for its lifetime, also across fencing; the epoch
 * starts at 0 (join) and follows the coordinator. The member acks a reconciliation by
 * heartbeating what it then owns.
 */
export class ConsumerMember {
  memberId: string;
  memberEpoch: number = MemberEpoch.JOIN_GROUP;
  heartbeatIntervalMs: number;
  private readonly ownedKeys = new Map<string, OwnedPartition>();
  private target: Map<string, readonly number[]> | null = null;
  /** Set when what the member owns changed since the last heartbeat. */
  private ownedChanged = true;

  constructor(heartbeatIntervalMs: number, memberId: string = newMemberId()) {
    this.memberId = memberId;
    this.heartbeatIntervalMs = heartbeatIntervalMs;
  }

  get owned(): OwnedPartition[] {
    return [...this.ownedKeys.values()];
  }

  /** The next heartbeat. Every field is sent each time (the coordinator accepts unchanged values). */
  heartbeat(subscription: ConsumerSubscription): ConsumerHeartbeatFields {
    const byTopic = new Map<string, number[]>();
    for (const p of this.ownedKeys.values()) {
      const list = byTopic.get(p.topicId);
      if (list) list.push(p.partition);
      else byTopic.set(p.topicId, [p.partition]);
    }
    this.ownedChanged = false;
    return {
      memberId: this.memberId,
      memberEpoch: this.memberEpoch,
      instanceId: subscription.instanceId,
      rackId: subscription.rackId,
      rebalanceTimeoutMs: subscription.rebalanceTimeoutMs,
      subscribedTopicNames: subscription.pattern === null ? [...(subscription.topics ?? [])] : null,
      subscribedTopicRegex: subscription.pattern,
      serverAssignor: subscription.remoteAssignor,
      topicPartitions: [...byTopic].map(([topicId, partitions]) => ({
        topicId,
        partitions: partitions.sort((a, b) => a - b),
      })),
    };
  }

  /** The heartbeat that leaves the group. */
  leave(subscription: ConsumerSubscription): ConsumerHeartbeatFields {
    return {
      ...this.heartbeat(subscription),
      // A static member leaves with its own epoch so that it can come back.
      memberEpoch:
        subscription.instanceId === null ? MemberEpoch.LEAVE_GROUP : MemberEpoch.LEAVE_GROUP_STATIC,
    };
  }

  /** Whether a heartbeat should go out now rather than at the interval (an ack is due). */
  get ackDue(): boolean {
    return this.ownedChanged;
  }

  /**
   * Takes a heartbeat response. Returns null when all is well, else what to do; a new target
   * assignment (non-null `assignment`) is kept for {@link reconcile}.
   */
  answer(response: ConsumerHeartbeatAnswer): MembershipAction | null {
    if (response.errorCode !== ErrorCode.NONE)
      return consumerAction(new KafkaError(response.errorCode, response.errorMessage));
    if (response.memberId !== null && response.memberId !== '') this.memberId = response.memberId;
    this.memberEpoch = response.memberEpoch;
    if (response.heartbeatIntervalMs > 0) this.heartbeatIntervalMs = response.heartbeatIntervalMs;
    if (response.assignment !== null) {
      this.target = new Map(response.assignment.topicPartitions.map((t) => [t.topicId, t.partitions]));
    }
    return null;
  }

  /** The difference between what is owned and the target, with names from `topicName(id)`. */
  reconcile(topicName: (topicId: string) => string | undefined): Reconciliation {
    if (this.target === null) return { revoke: [], assign: [], unresolved: [] };
    const wanted = new Set<string>();
    const assign: OwnedPartition[] = [];
    const unresolved: string[] = [];
    for (const [topicId, partitions] of this.target) {
      const topic = topicName(topicId);
      if (topic === undefined) {
        unresolved.push(topicId);
        // Keep what is owned of a topic whose name is unknown: it is still in the target.
        for (const p of this.ownedKeys.values())
          if (p.topicId === topicId) wanted.add(partitionKey(p.topic, p.partition));
        continue;
      }
      for (const partition of partitions) {
        const key = partitionKey(topic, partition);
        wanted.add(key);
        if (!this.ownedKeys.has(key)) assign.push({ topic, partition, topicId });
      }
    }
    const revoke = [...this.ownedKeys].filter(([k]) => !wanted.has(k)).map(([, p]) => p);
    return { revoke, assign, unresolved };
  }

  /** The consumer stopped consuming these: the next heartbeat acks it. */
  revoked(partitions: readonly TopicPartition[]): void {
    for (const p of partitions) this.ownedKeys.delete(partitionKey(p.topic, p.partition));
    if (partitions.length > 0) this.ownedChanged = true;
  }

  /** The consumer consumes these now: the next heartbeat acks it. */
  assigned(partitions: readonly OwnedPartition[]): void {
    for (const p of partitions) this.ownedKeys.set(partitionKey(p.topic, p.partition), p);
    if (partitions.length > 0) this.ownedChanged = true;
  }

  /** Fenced or unknown: every partition is lost; join again at epoch 0 with the same member id. */
  lose(): OwnedPartition[] {
    const lost = this.owned;
    this.ownedKeys.clear();
    this.target = null;
    this.memberEpoch = MemberEpoch.JOIN_GROUP;
    this.ownedChanged = true;
    return lost;
  }
}

/** A member id as Java makes one: 16 random bytes, base64url without padding (Kafka's `Uuid`). */
export function newMemberId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * What a ConsumerGroupHeartbeat error means (Java's ConsumerMembershipManager): FENCED_MEMBER_EPOCH
 * and UNKNOWN_MEMBER_ID lose the partitions and join again at epoch 0; coordinator moves retry; the
 * rest (UNRELEASED_INSTANCE_ID, UNSUPPORTED_ASSIGNOR, GROUP_MAX_SIZE_REACHED, authorization, ...)
 * are fatal.
 */
export function consumerAction(error: unknown): MembershipAction {
  return membershipAction(error, [], [ErrorCode.FENCED_MEMBER_EPOCH, ErrorCode.UNKNOWN_MEMBER_ID]);
}
