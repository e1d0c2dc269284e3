// The group coordinator's state: classic and KIP-848 groups by id, and committed offsets.
import { ErrorCode } from '@lk/api';
import { ConsumerGroup } from './consumer-groups.ts';
import { ClassicGroup } from './groups.ts';
import type { ClusterState } from './state.ts';

/** A committed offset as OffsetFetch returns it. */
export interface CommittedOffset {
  offset: bigint;
  leaderEpoch: number;
  metadata: string | null;
}

export class GroupCoordinator {
  readonly classic = new Map<string, ClassicGroup>();
  readonly consumer = new Map<string, ConsumerGroup>();
  /** groupId → topic → partition → offset. */
  readonly offsets = new Map<string, Map<string, Map<number, CommittedOffset>>>();
  readonly #state: ClusterState;
  readonly #initialDelayMs: number;

  constructor(state: ClusterState, initialDelayMs: number) {
    this.#state = state;
    this.#initialDelayMs = initialDelayMs;
  }

  /** The classic group `groupId` (created empty), or an error code when it is a consumer-protocol group. */
  classicGroup(groupId: string): ClassicGroup | number {
    if (this.consumer.get(groupId)?.members.size) return ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
    let group = this.classic.get(groupId);
    if (group === undefined) {
      group = new ClassicGroup(groupId, this.#initialDelayMs);
      this.classic.set(groupId, group);
    }
    return group;
  }

  /** The KIP-848 group `groupId` (created empty), or an error code when a classic group has members. */
  consumerGroup(groupId: string): ConsumerGroup | number {
    if (this.classic.get(groupId)?.members.size) return ErrorCode.GROUP_ID_NOT_FOUND;
    let group = this.consumer.get(groupId);
    if (group === undefined) {
      group = new ConsumerGroup(groupId, this.#state);
      this.consumer.set(groupId, group);
    }
    return group;
  }

  /** Validates an OffsetCommit's member against whichever group holds `groupId`. */
  validateCommit(groupId: string, memberId: string, generationOrEpoch: number): number {
    const consumer = this.consumer.get(groupId);
    if (consumer !== undefined && consumer.members.size > 0)
      return consumer.validateCommit(memberId, generationOrEpoch);
    const classic = this.classic.get(groupId);
    if (classic !== undefined) return classic.validateCommit(memberId, generationOrEpoch);
    return generationOrEpoch < 0 || memberId === '' ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  commit(groupId: string, topic: string, partition: number, offset: CommittedOffset): void {
    let byTopic = this.offsets.get(groupId);
    if (byTopic === undefined) this.offsets.set(groupId, (byTopic = new Map()));
    let byPartition = byTopic.get(topic);
    if (byPartition === undefined) byTopic.set(topic, (byPartition = new Map()));
    byPartition.set(partition, offset);
  }

  committed(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.offsets.get(groupId)?.get(topic)?.get(partition);
  }

  /** Every group id the coordinator knows, of either kind. */
  groupIds(): string[] {
    return [...new Set([...this.classic.keys(), ...this.consumer.keys(), ...this.offsets.keys()])];
  }

  /** DeleteGroups: only groups without members; their offsets go too. */
  delete(groupId: string): number {
    const classic = this.classic.get(groupId);
    const consumer = this.consumer.get(groupId);
    if (classic === undefined && consumer === undefined && !this.offsets.has(groupId))
      return ErrorCode.GROUP_ID_NOT_FOUND;
    if ((classic?.members.size ?? 0) > 0 || (consumer?.members.size ?? 0) > 0)
      return ErrorCode.NON_EMPTY_GROUP;
    this.classic.delete(groupId);
    this.consumer.delete(groupId);
    this.offsets.delete(groupId);
    return ErrorCode.NONE;
  }

  shutDown(): void {
    for (const g of this.classic.values()) g.shutDown();
    for (const g of this.consumer.values()) g.shutDown();
  }
}
