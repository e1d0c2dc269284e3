// KIP-848 consumer groups (ConsumerGroupHeartbeat): members send their subscriptions, the
// coordinator computes every member's target assignment with a uniform assignor, and hands a
// partition to its new owner only once the previous owner stopped reporting it (revocation first).
import { randomBytes } from 'node:crypto';
import { ErrorCode, GroupState, MemberEpoch } from '@lk/api';
import type { ClusterState } from './state.ts';

/** Kafka's group.consumer.session.timeout.ms and group.consumer.heartbeat.interval.ms defaults. */
export const CONSUMER_SESSION_TIMEOUT_MS = 45_000;
export const CONSUMER_HEARTBEAT_INTERVAL_MS = 5_000;

export type ConsumerState =
  | typeof GroupState.EMPTY
  | typeof GroupState.RECONCILING
  | typeof GroupState.STABLE;

/** Partitions by topic id. */
export type Assignment = Map<string, number[]>;

export interface ConsumerMember {
  readonly memberId: string;
  readonly instanceId: string | null;
  readonly clientId: string;
  memberEpoch: number;
  /** The epoch before the last bump: a heartbeat with it is still accepted (a response may have been lost). */
  previousEpoch: number;
  subscribedTopicNames: string[];
  subscribedTopicRegex: RegExp | null;
  /** What the member last said it owns. */
  owned: Assignment;
  /** What it was last told to own. */
  assigned: Assignment;
  sessionTimer: ReturnType<typeof setTimeout> | null;
}

export interface HeartbeatParams {
  memberId: string;
  memberEpoch: number;
  instanceId: string | null;
  clientId: string;
  subscribedTopicNames: string[] | null;
  subscribedTopicRegex: string | null;
  serverAssignor: string | null;
  topicPartitions: { topicId: string; partitions: number[] }[] | null;
}

export interface HeartbeatResult {
  errorCode: number;
  errorMessage: string | null;
  memberId: string | null;
  memberEpoch: number;
  assignment: { topicPartitions: { topicId: string; partitions: number[] }[] } | null;
}

const ASSIGNORS = new Set(['uniform', 'range']);

function sameAssignment(a: Assignment, b: Assignment): boolean {
  const count = (x: Assignment) => [...x.values()].reduce((n, p) => n + p.length, 0);
  if (count(a) !== count(b)) return false;
  for (const [topic, partitions] of a) {
    const other = new Set(b.get(topic) ?? []);
    if (partitions.some((p) => !other.has(p))) return false;
  }
  return true;
}

function toWire(assignment: Assignment): { topicId: string; partitions: number[] }[] {
  return [...assignment].map(([topicId, partitions]) => ({
    topicId,
    partitions: [...partitions].sort((x, y) => x - y),
  }));
}

/** One KIP-848 group. */
export class ConsumerGroup {
  readonly groupId: string;
  groupEpoch = 0;
  readonly members = new Map<string, ConsumerMember>();
  /** The assignor's result for every member at the current group epoch. */
  target = new Map<string, Assignment>();
  readonly #state: ClusterState;
  readonly #sessionTimeoutMs: number;

  constructor(groupId: string, state: ClusterState, sessionTimeoutMs = CONSUMER_SESSION_TIMEOUT_MS) {
    this.groupId = groupId;
    this.#state = state;
    this.#sessionTimeoutMs = sessionTimeoutMs;
  }

  get state(): ConsumerState {
    if (this.members.size === 0) return GroupState.EMPTY;
    for (const m of this.members.values()) {
      if (!sameAssignment(m.assigned, this.target.get(m.memberId) ?? new Map()))
        return GroupState.RECONCILING;
    }
    return GroupState.STABLE;
  }

  heartbeat(params: HeartbeatParams): HeartbeatResult {
    const fail = (errorCode: number, errorMessage: string | null = null): HeartbeatResult => ({
      errorCode,
      errorMessage,
      memberId: null,
      memberEpoch: -1,
      assignment: null,
    });
    if (params.serverAssignor !== null && !ASSIGNORS.has(params.serverAssignor)) {
      return fail(ErrorCode.UNSUPPORTED_ASSIGNOR, `assignor ${params.serverAssignor} is not supported`);
    }
    if (
      params.memberEpoch === MemberEpoch.LEAVE_GROUP ||
      params.memberEpoch === MemberEpoch.LEAVE_GROUP_STATIC
    ) {
      const member = this.members.get(params.memberId);
      if (member === undefined) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
      this.remove(member.memberId);
      return {
        errorCode: ErrorCode.NONE,
        errorMessage: null,
        memberId: params.memberId,
        memberEpoch: params.memberEpoch,
        assignment: null,
      };
    }
    let member = this.members.get(params.memberId);
    let changed = false;
    if (params.memberEpoch === MemberEpoch.JOIN_GROUP) {
      const memberId = params.memberId === '' ? randomBytes(16).toString('base64url') : params.memberId;
      if (member === undefined) {
        if (params.subscribedTopicNames === null && params.subscribedTopicRegex === null) {
          return fail(ErrorCode.INVALID_REQUEST, 'a joining member must subscribe');
        }
        member = {
          memberId,
          instanceId: params.instanceId,
          clientId: params.clientId,
          memberEpoch: 0,
          previousEpoch: 0,
          subscribedTopicNames: [],
          subscribedTopicRegex: null,
          owned: new Map(),
          assigned: new Map(),
          sessionTimer: null,
        };
        this.members.set(memberId, member);
        changed = true;
      }
    } else {
      if (member === undefined) return fail(ErrorCode.UNKNOWN_MEMBER_ID);
      if (params.memberEpoch !== member.memberEpoch && params.memberEpoch !== member.previousEpoch) {
        return fail(
          ErrorCode.FENCED_MEMBER_EPOCH,
          `epoch ${params.memberEpoch}, member is at ${member.memberEpoch}`,
        );
      }
    }
    if (params.subscribedTopicNames !== null) {
      const names = [...params.subscribedTopicNames].sort();
      if (names.join('\u0000') !== member.subscribedTopicNames.join('\u0000')) changed = true;
      member.subscribedTopicNames = names;
    }
    if (params.subscribedTopicRegex !== null) {
      let regex: RegExp;
      try {
        regex = new RegExp(`^(?:${params.subscribedTopicRegex})$`);
      } catch {
        return fail(ErrorCode.INVALID_REQUEST, `invalid regular expression ${params.subscribedTopicRegex}`);
      }
      if (member.subscribedTopicRegex?.source !== regex.source) changed = true;
      member.subscribedTopicRegex = regex;
    }
    if (params.topicPartitions !== null) {
      member.owned = new Map(params.topicPartitions.map((t) => [t.topicId, [...t.partitions]]));
    }
    if (changed || this.#subscribedTopicsChanged()) this.#rebalance();
    this.#touch(member);
    return this.#reconcile(member);
  }

  /** Removes a member (leave, session expiry or kicked by the test); the others get a new target. */
  remove(memberId: string): boolean {
    const member = this.members.get(memberId);
    if (member === undefined) return false;
    if (member.sessionTimer !== null) clearTimeout(member.sessionTimer);
    this.members.delete(memberId);
    this.#rebalance();
    return true;
  }

  /** Checks an OffsetCommit's member and epoch. */
  validateCommit(memberId: string, memberEpoch: number): number {
    if (memberEpoch < 0 && memberId === '')
      return this.members.size === 0 ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    const member = this.members.get(memberId);
    if (member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (memberEpoch > member.memberEpoch) return ErrorCode.FENCED_MEMBER_EPOCH;
    if (memberEpoch < member.previousEpoch) return ErrorCode.STALE_MEMBER_EPOCH;
    return ErrorCode.NONE;
  }

  shutDown(): void {
    for (const m of this.members.values()) if (m.sessionTimer !== null) clearTimeout(m.sessionTimer);
  }

  #lastTopics = '';

  #subscribedTopicsChanged(): boolean {
    return this.#topicsKey() !== this.#lastTopics;
  }

  #topicsKey(): string {
    const parts: string[] = [];
    for (const t of this.#state.topics.values()) parts.push(`${t.id}:${t.partitions.length}`);
    return parts.sort().join(',');
  }

  /** A new group epoch and target: partitions of each topic spread evenly over the members subscribed to it. */
  #rebalance(): void {
    this.groupEpoch++;
    this.#lastTopics = this.#topicsKey();
    const members = [...this.members.values()].sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
    const target = new Map<string, Assignment>(members.map((m) => [m.memberId, new Map()]));
    const load = new Map<string, number>(members.map((m) => [m.memberId, 0]));
    const topics = [...this.#state.topics.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const topic of topics) {
      const subscribers = members.filter(
        (m) =>
          m.subscribedTopicNames.includes(topic.name) || m.subscribedTopicRegex?.test(topic.name) === true,
      );
      if (subscribers.length === 0) continue;
      for (const partition of topic.partitions) {
        let best = subscribers[0]!;
        for (const m of subscribers) if (load.get(m.memberId)! < load.get(best.memberId)!) best = m;
        load.set(best.memberId, load.get(best.memberId)! + 1);
        const assignment = target.get(best.memberId)!;
        assignment.set(topic.id, [...(assignment.get(topic.id) ?? []), partition.index]);
      }
    }
    this.target = target;
  }

  /**
   * What the member is told now: its target, less partitions another member still owns (those
   * come once revoked). The member reaches the group epoch once it got its whole target.
   */
  #reconcile(member: ConsumerMember): HeartbeatResult {
    const target = this.target.get(member.memberId) ?? new Map<string, number[]>();
    const ownedByOthers = new Set<string>();
    for (const other of this.members.values()) {
      if (other === member) continue;
      for (const [topicId, partitions] of other.owned)
        for (const p of partitions) ownedByOthers.add(`${topicId}:${p}`);
    }
    const now: Assignment = new Map();
    for (const [topicId, partitions] of target) {
      const free = partitions.filter((p) => !ownedByOthers.has(`${topicId}:${p}`));
      if (free.length > 0) now.set(topicId, free);
    }
    const changed = !sameAssignment(now, member.assigned) || member.memberEpoch === 0;
    member.assigned = now;
    const complete = sameAssignment(now, target);
    if (complete && member.memberEpoch !== this.groupEpoch) {
      member.previousEpoch = member.memberEpoch;
      member.memberEpoch = this.groupEpoch;
    }
    return {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      memberId: member.memberId,
      memberEpoch: member.memberEpoch,
      assignment: changed ? { topicPartitions: toWire(now) } : null,
    };
  }

  #touch(member: ConsumerMember): void {
    if (member.sessionTimer !== null) clearTimeout(member.sessionTimer);
    member.sessionTimer = setTimeout(() => {
      member.sessionTimer = null;
      this.remove(member.memberId);
    }, this.#sessionTimeoutMs);
  }
}
