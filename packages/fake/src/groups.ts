// Classic consumer groups (JoinGroup/SyncGroup/Heartbeat/LeaveGroup): Kafka's group state machine
// with generations, rebalance timeouts, session timeouts and KIP-394 member ids.
import { randomUUID } from 'node:crypto';
import { ErrorCode, GroupState } from '@lk/api';

/** Kafka's group.min.session.timeout.ms and group.max.session.timeout.ms defaults. */
export const MIN_SESSION_TIMEOUT_MS = 6000;
export const MAX_SESSION_TIMEOUT_MS = 1_800_000;

export type ClassicState =
  | typeof GroupState.EMPTY
  | typeof GroupState.PREPARING_REBALANCE
  | typeof GroupState.COMPLETING_REBALANCE
  | typeof GroupState.STABLE
  | typeof GroupState.DEAD;

export interface JoinResult {
  errorCode: number;
  generationId: number;
  protocolName: string | null;
  leader: string;
  memberId: string;
  members: { memberId: string; groupInstanceId: string | null; metadata: Uint8Array }[];
}

export interface ClassicMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: { name: string; metadata: Uint8Array }[];
  assignment: Uint8Array;
  /** Set while the member waits in JoinGroup for the rebalance to complete. */
  awaitingJoin: ((result: JoinResult) => void) | null;
  /** Set while the member waits in SyncGroup for the leader's assignments. */
  awaitingSync: ((result: { errorCode: number; assignment: Uint8Array }) => void) | null;
  sessionTimer: ReturnType<typeof setTimeout> | null;
}

export interface JoinParams {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: { name: string; metadata: Uint8Array }[];
  /** KIP-394 (JoinGroup v4+): a new member first gets MEMBER_ID_REQUIRED with its id. */
  requireKnownMemberId: boolean;
}

const EMPTY = new Uint8Array(0);

/** One classic group. */
export class ClassicGroup {
  readonly groupId: string;
  state: ClassicState = GroupState.EMPTY;
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members = new Map<string, ClassicMember>();
  /** KIP-394: ids handed out with MEMBER_ID_REQUIRED, not yet joined. */
  readonly pendingMembers = new Set<string>();
  readonly #initialDelayMs: number;
  #rebalanceTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(groupId: string, initialDelayMs: number) {
    this.groupId = groupId;
    this.#initialDelayMs = initialDelayMs;
  }

  join(params: JoinParams): Promise<JoinResult> | JoinResult {
    const refuse = (errorCode: number, memberId = params.memberId): JoinResult => ({
      errorCode,
      generationId: -1,
      protocolName: null,
      leader: '',
      memberId,
      members: [],
    });
    if (
      params.sessionTimeoutMs < MIN_SESSION_TIMEOUT_MS ||
      params.sessionTimeoutMs > MAX_SESSION_TIMEOUT_MS
    ) {
      return refuse(ErrorCode.INVALID_SESSION_TIMEOUT);
    }
    if (
      params.protocols.length === 0 ||
      (this.protocolType !== null && this.members.size > 0 && params.protocolType !== this.protocolType)
    ) {
      return refuse(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
    if (this.members.size > 0 && !params.protocols.some((p) => this.#supportedByAll(p.name))) {
      return refuse(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    }
    let memberId = params.memberId;
    const existingStatic =
      params.groupInstanceId === null ? undefined : this.#byInstance(params.groupInstanceId);
    if (memberId === '') {
      if (existingStatic !== undefined) {
        memberId = existingStatic.memberId; // a static member rejoining keeps its place
      } else {
        memberId = `${params.clientId}-${randomUUID()}`;
        if (params.requireKnownMemberId && params.groupInstanceId === null) {
          this.pendingMembers.add(memberId);
          return refuse(ErrorCode.MEMBER_ID_REQUIRED, memberId);
        }
      }
    } else if (!this.members.has(memberId) && !this.pendingMembers.delete(memberId)) {
      return refuse(ErrorCode.UNKNOWN_MEMBER_ID);
    }
    const previous = this.members.get(memberId);
    const member: ClassicMember = {
      memberId,
      groupInstanceId: params.groupInstanceId,
      clientId: params.clientId,
      clientHost: params.clientHost,
      sessionTimeoutMs: params.sessionTimeoutMs,
      rebalanceTimeoutMs: params.rebalanceTimeoutMs,
      protocols: params.protocols,
      assignment: previous?.assignment ?? EMPTY,
      awaitingJoin: null,
      awaitingSync: null,
      sessionTimer: null,
    };
    if (previous !== undefined) {
      this.#stopSession(previous);
      previous.awaitingSync?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      previous.awaitingJoin?.(refuse(ErrorCode.UNKNOWN_MEMBER_ID));
    }
    this.members.set(memberId, member);
    this.protocolType = params.protocolType;
    const result = new Promise<JoinResult>((resolve) => {
      member.awaitingJoin = resolve;
    });
    if (this.state !== GroupState.PREPARING_REBALANCE) this.#prepareRebalance();
    else this.#maybeCompleteJoin();
    return result;
  }

  sync(
    memberId: string,
    generationId: number,
    assignments: { memberId: string; assignment: Uint8Array }[],
  ): Promise<{ errorCode: number; assignment: Uint8Array }> | { errorCode: number; assignment: Uint8Array } {
    const member = this.members.get(memberId);
    if (member === undefined) return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY };
    if (generationId !== this.generationId)
      return { errorCode: ErrorCode.ILLEGAL_GENERATION, assignment: EMPTY };
    if (this.state === GroupState.PREPARING_REBALANCE)
      return { errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY };
    this.#touch(member);
    if (this.state === GroupState.STABLE) return { errorCode: ErrorCode.NONE, assignment: member.assignment };
    const result = new Promise<{ errorCode: number; assignment: Uint8Array }>((resolve) => {
      member.awaitingSync = resolve;
    });
    if (memberId === this.leaderId) {
      const byMember = new Map(assignments.map((a) => [a.memberId, a.assignment]));
      for (const m of this.members.values()) m.assignment = byMember.get(m.memberId) ?? EMPTY;
      this.state = GroupState.STABLE;
      this.#clearRebalanceTimer();
      for (const m of this.members.values()) {
        m.awaitingSync?.({ errorCode: ErrorCode.NONE, assignment: m.assignment });
        m.awaitingSync = null;
      }
    }
    return result;
  }

  heartbeat(memberId: string, generationId: number): number {
    const member = this.members.get(memberId);
    if (member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.#touch(member);
    return this.state === GroupState.PREPARING_REBALANCE ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  /** LeaveGroup, or a member kicked out by the test: removes it and rebalances the rest. */
  leave(memberId: string): number {
    const member = this.members.get(memberId);
    if (member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.#remove(member);
    return ErrorCode.NONE;
  }

  /** The member a static instance id belongs to. */
  memberOfInstance(groupInstanceId: string): string | undefined {
    return this.#byInstance(groupInstanceId)?.memberId;
  }

  /** Checks an OffsetCommit's member and generation (a generation of -1 without member: a standalone consumer). */
  validateCommit(memberId: string, generationId: number): number {
    if (generationId < 0 && memberId === '') {
      return this.members.size === 0 ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
    }
    const member = this.members.get(memberId);
    if (member === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    if (this.state === GroupState.COMPLETING_REBALANCE) return ErrorCode.REBALANCE_IN_PROGRESS;
    this.#touch(member);
    return ErrorCode.NONE;
  }

  /** Stops every timer and answers every waiting request (cluster close). */
  shutDown(): void {
    this.#clearRebalanceTimer();
    for (const member of this.members.values()) {
      this.#stopSession(member);
      member.awaitingJoin?.({
        errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE,
        generationId: -1,
        protocolName: null,
        leader: '',
        memberId: member.memberId,
        members: [],
      });
      member.awaitingSync?.({ errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, assignment: EMPTY });
    }
  }

  #byInstance(groupInstanceId: string): ClassicMember | undefined {
    for (const m of this.members.values()) if (m.groupInstanceId === groupInstanceId) return m;
    return undefined;
  }

  #supportedByAll(protocol: string): boolean {
    for (const m of this.members.values()) if (!m.protocols.some((p) => p.name === protocol)) return false;
    return true;
  }

  #prepareRebalance(): void {
    const wasEmpty = this.state === GroupState.EMPTY;
    this.state = GroupState.PREPARING_REBALANCE;
    // Members in a sync that will not come now learn of the rebalance.
    for (const m of this.members.values()) {
      m.awaitingSync?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      m.awaitingSync = null;
    }
    this.#clearRebalanceTimer();
    const timeout = Math.max(0, ...[...this.members.values()].map((m) => m.rebalanceTimeoutMs));
    const delay = wasEmpty && this.#initialDelayMs > 0 ? Math.min(this.#initialDelayMs, timeout) : timeout;
    this.#rebalanceTimer = setTimeout(() => this.#completeJoin(true), delay);
    if (!(wasEmpty && this.#initialDelayMs > 0)) this.#maybeCompleteJoin();
  }

  #maybeCompleteJoin(): void {
    if (this.state !== GroupState.PREPARING_REBALANCE) return;
    for (const m of this.members.values()) if (m.awaitingJoin === null) return;
    this.#completeJoin(false);
  }

  /** Ends the join phase: members that did not rejoin in time are dropped, the rest get the new generation. */
  #completeJoin(timedOut: boolean): void {
    if (this.state !== GroupState.PREPARING_REBALANCE) return;
    this.#clearRebalanceTimer();
    if (timedOut) {
      for (const m of [...this.members.values()]) {
        if (m.awaitingJoin === null) {
          this.#stopSession(m);
          this.members.delete(m.memberId);
        }
      }
    }
    this.generationId++;
    if (this.members.size === 0) {
      this.state = GroupState.EMPTY;
      this.protocolName = null;
      this.leaderId = null;
      return;
    }
    const first = this.members.values().next().value!;
    this.protocolName =
      first.protocols.find((p) => this.#supportedByAll(p.name))?.name ?? first.protocols[0]!.name;
    if (this.leaderId === null || !this.members.has(this.leaderId)) this.leaderId = first.memberId;
    this.state = GroupState.COMPLETING_REBALANCE;
    const all = [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.protocols.find((p) => p.name === this.protocolName)?.metadata ?? EMPTY,
    }));
    for (const m of this.members.values()) {
      const resolve = m.awaitingJoin;
      m.awaitingJoin = null;
      this.#touch(m);
      resolve?.({
        errorCode: ErrorCode.NONE,
        generationId: this.generationId,
        protocolName: this.protocolName,
        leader: this.leaderId,
        memberId: m.memberId,
        members: m.memberId === this.leaderId ? all : [],
      });
    }
    // The leader must sync within the rebalance timeout, or the group rebalances without those who did not.
    const timeout = Math.max(0, ...[...this.members.values()].map((m) => m.rebalanceTimeoutMs));
    this.#rebalanceTimer = setTimeout(() => {
      if (this.state !== GroupState.COMPLETING_REBALANCE) return;
      for (const m of [...this.members.values()]) if (m.awaitingSync === null) this.#remove(m);
      if (this.state === GroupState.COMPLETING_REBALANCE) this.#prepareRebalance();
    }, timeout);
  }

  #remove(member: ClassicMember): void {
    this.#stopSession(member);
    this.members.delete(member.memberId);
    member.awaitingJoin?.({
      errorCode: ErrorCode.UNKNOWN_MEMBER_ID,
      generationId: -1,
      protocolName: null,
      leader: '',
      memberId: member.memberId,
      members: [],
    });
    member.awaitingSync?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    if (this.state === GroupState.STABLE || this.state === GroupState.COMPLETING_REBALANCE)
      this.#prepareRebalance();
    else if (this.state === GroupState.PREPARING_REBALANCE) this.#maybeCompleteJoin();
    if (this.members.size === 0 && this.state !== GroupState.PREPARING_REBALANCE) {
      this.state = GroupState.EMPTY;
      this.#clearRebalanceTimer();
    }
  }

  /** Restarts the member's session timer: it expires if no heartbeat, join, sync or commit comes in time. */
  #touch(member: ClassicMember): void {
    this.#stopSession(member);
    member.sessionTimer = setTimeout(() => {
      member.sessionTimer = null;
      if (member.awaitingJoin === null && this.members.get(member.memberId) === member) this.#remove(member);
    }, member.sessionTimeoutMs);
  }

  #stopSession(member: ClassicMember): void {
    if (member.sessionTimer !== null) clearTimeout(member.sessionTimer);
    member.sessionTimer = null;
  }

  #clearRebalanceTimer(): void {
    if (this.#rebalanceTimer !== null) clearTimeout(this.#rebalanceTimer);
    this.#rebalanceTimer = null;
  }
}
