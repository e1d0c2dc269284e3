import { performance } from 'node:perf_hooks';
import {
  ErrorCode,
  Heartbeat,
  JoinGroup,
  KafkaError,
  kafkaErrorFor,
  LeaveGroup,
  OffsetCommit,
  OffsetFetch,
  ProtocolType,
  SyncGroup,
} from '@lk/api';
import { ZERO_UUID } from '@lk/wire';
import type { Bootstrap, BootstrapOptions } from './bootstrap.ts';
import { BootstrapClient, type Coordinator } from './bootstrap-client.ts';
import type { Cluster } from './cluster.ts';
import type { AnyApi, CallOptions, Connection, RequestInput, ResponseOf } from './connection.ts';
import { ClientClosedError } from './errors.ts';
import { ExclusiveConnection } from './exclusive-connection.ts';
import type { ConnectionOptions } from './options.ts';
import { retryWithBackoff } from './retry.ts';
import { positiveMs } from './validate.ts';

/** The decoded JoinGroup response body. */
export type JoinGroupResponse = ResponseOf<typeof JoinGroup>;
/** The decoded SyncGroup response body. */
export type SyncGroupResponse = ResponseOf<typeof SyncGroup>;

/** Options of a {@link GroupClient}. */
export interface GroupClientOptions extends ConnectionOptions, BootstrapOptions {
  bootstrap: Bootstrap;
  groupId: string;
  /** Static membership (KIP-345). Default null. */
  groupInstanceId?: string | null;
  /**
   * Route calls through this cluster's pool and coordinator cache instead of a connection of the
   * group client's own: to the group coordinator on the pooled connection of purpose `'group'`
   * (apart from other requests, since JoinGroup waits for the rebalance and a broker answers a
   * connection's requests in order).
   */
  cluster?: Cluster;
}

/** What {@link GroupClient.join} sends. */
export interface JoinParams {
  sessionTimeoutMs: number;
  /** Default: `sessionTimeoutMs`. */
  rebalanceTimeoutMs?: number;
  /** Default `'consumer'`. */
  protocolType?: string;
  protocols: readonly { name: string; metadata: Uint8Array }[];
  reason?: string | null;
}

/** An offset to commit. */
export interface OffsetToCommit {
  topic: string;
  partition: number;
  offset: bigint;
  /** The leader epoch of the last record consumed (KIP-320), or -1 when unknown (the default). */
  leaderEpoch?: number;
  metadata?: string | null;
}

/** A committed offset (-1n when the group has none for the partition). */
export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: bigint;
  /** The leader epoch committed with the offset, -1 when none was. */
  leaderEpoch: number;
  metadata: string | null;
  /** The partition's error, or null. */
  error: KafkaError | null;
}

/** The result of committing one partition. */
export interface CommitResult {
  topic: string;
  partition: number;
  error: KafkaError | null;
}

// Error codes that mean "ask FindCoordinator again".
const COORDINATOR_MOVED: ReadonlySet<number> = new Set([
  ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
  ErrorCode.COORDINATOR_NOT_AVAILABLE,
  ErrorCode.NOT_COORDINATOR,
]);
// v10 of OffsetCommit and OffsetFetch name topics by id only; lk commits by name.
const MAX_OFFSET_COMMIT_VERSION = 9;
const MAX_OFFSET_FETCH_VERSION = 9;

/**
 * A client of one consumer group's coordinator: join, sync, heartbeat, leave, and offset commit and
 * fetch carrying the member id and generation learned from join (libkafka sent generation -1 and an
 * empty member id, which Kafka rejects once the group has members). One connection, one call at a
 * time; NOT_COORDINATOR and friends make the next call look the coordinator up again.
 *
 * Group errors are thrown as @lk/api `KafkaError`s (e.g. `LK_KAFKA_REBALANCE_IN_PROGRESS` from
 * heartbeat means: join again).
 *
 * @example
 * ```ts
 * const group = new GroupClient({ bootstrap: '127.0.0.1:9092', groupId: 'g' });
 * const joined = await group.join({ sessionTimeoutMs: 10_000, protocols: [{ name: 'range', metadata }] });
 * await group.sync(joined.leader === joined.memberId ? assignments : []);
 * await group.commit([{ topic: 'events', partition: 0, offset: 42n }]);
 * await group.leave();
 * ```
 */
export class GroupClient {
  readonly groupId: string;
  readonly groupInstanceId: string | null;
  readonly cluster: BootstrapClient;
  /** Empty until joined. */
  memberId = '';
  /** -1 until joined. */
  generationId = -1;
  /** The protocol chosen at the last join. */
  protocolName: string | null = null;
  /** The cluster the calls are routed through, when one was given. */
  readonly routedCluster: Cluster | null;
  private readonly link: ExclusiveConnection<Coordinator>;

  constructor(options: GroupClientOptions) {
    const { bootstrap, groupId, groupInstanceId, cluster, ...connectionOptions } = options;
    this.cluster = new BootstrapClient(bootstrap, connectionOptions);
    this.routedCluster = cluster ?? null;
    this.groupId = groupId;
    this.groupInstanceId = groupInstanceId ?? null;
    this.link = new ExclusiveConnection('the group client', this.cluster.options, (signal) =>
      this.cluster.coordinator(groupId, 'group', { signal }),
    );
  }

  /** The group coordinator, once looked up; null after NOT_COORDINATOR and friends. */
  get coordinator(): Coordinator | null {
    return this.link.target;
  }

  set coordinator(coordinator: Coordinator | null) {
    this.link.target = coordinator;
  }

  /** The connection to the coordinator, once open. */
  get connection(): Connection | null {
    return this.link.connection;
  }

  /** True after {@link close}. */
  get closed(): boolean {
    return this.link.closed;
  }

  /** Any request of @lk/api, sent to the group coordinator (libkafka's `GroupClient.Call`). */
  call<A extends AnyApi>(
    api: A,
    request: RequestInput<A>,
    options: CallOptions = {},
  ): Promise<ResponseOf<A>> {
    const routed = this.routedCluster;
    if (routed !== null) {
      if (this.link.closed) return Promise.reject(new ClientClosedError('the group client'));
      // Coordinator moves are retried by the callers here, with the member's state in mind.
      const target = { coordinator: { key: this.groupId } };
      return routed.call(target, api, request, { ...options, purpose: 'group', retry: false });
    }
    return this.link.run((connection) => connection.call(api, request, options), options.signal);
  }

  /**
   * JoinGroup. Handles MEMBER_ID_REQUIRED (KIP-394) by joining again with the member id given.
   * Stores `memberId`, `generationId` and `protocolName`.
   */
  join(params: JoinParams, options: CallOptions = {}): Promise<JoinGroupResponse> {
    return this.retryingCoordinator(() => this.joinOnce(params, options), options);
  }

  private async joinOnce(params: JoinParams, options: CallOptions): Promise<JoinGroupResponse> {
    for (;;) {
      const response = await this.call(
        JoinGroup,
        {
          ...JoinGroup.newRequest(),
          groupId: this.groupId,
          sessionTimeoutMs: positiveMs('sessionTimeoutMs', params.sessionTimeoutMs),
          rebalanceTimeoutMs: positiveMs(
            'rebalanceTimeoutMs',
            params.rebalanceTimeoutMs ?? params.sessionTimeoutMs,
          ),
          memberId: this.memberId,
          groupInstanceId: this.groupInstanceId,
          protocolType: params.protocolType ?? ProtocolType.CONSUMER,
          protocols: params.protocols.map((p) => ({ name: p.name, metadata: p.metadata })),
          reason: params.reason ?? null,
        },
        options,
      );
      if (response.errorCode === ErrorCode.MEMBER_ID_REQUIRED) {
        this.memberId = response.memberId;
        continue;
      }
      this.check(response.errorCode);
      this.memberId = response.memberId;
      this.generationId = response.generationId;
      this.protocolName = response.protocolName;
      return response;
    }
  }

  /** SyncGroup: the leader sends every member's assignment, others send none. Returns this member's. */
  sync(
    assignments: readonly { memberId: string; assignment: Uint8Array }[],
    options: CallOptions & { protocolType?: string } = {},
  ): Promise<Uint8Array> {
    return this.retryingCoordinator(async () => {
      const response = await this.call(
        SyncGroup,
        {
          ...SyncGroup.newRequest(),
          groupId: this.groupId,
          generationId: this.generationId,
          memberId: this.memberId,
          groupInstanceId: this.groupInstanceId,
          protocolType: options.protocolType ?? ProtocolType.CONSUMER,
          protocolName: this.protocolName,
          assignments: assignments.map((a) => ({ memberId: a.memberId, assignment: a.assignment })),
        },
        options,
      );
      this.check(response.errorCode);
      return response.assignment;
    }, options);
  }

  /** Heartbeat. REBALANCE_IN_PROGRESS is thrown: the member must join again. */
  heartbeat(options: CallOptions = {}): Promise<void> {
    return this.retryingCoordinator(async () => {
      const response = await this.call(
        Heartbeat,
        {
          ...Heartbeat.newRequest(),
          groupId: this.groupId,
          generationId: this.generationId,
          memberId: this.memberId,
          groupInstanceId: this.groupInstanceId,
        },
        options,
      );
      this.check(response.errorCode);
    }, options);
  }

  /** LeaveGroup for this member; forgets the member id and generation. */
  leave(options: CallOptions & { reason?: string } = {}): Promise<void> {
    return this.retryingCoordinator(async () => {
      const response = await this.call(
        LeaveGroup,
        // v3+ names the leaving members in `members`; older versions take one `memberId`.
        (version) => ({
          ...LeaveGroup.newRequest(),
          groupId: this.groupId,
          memberId: version >= 3 ? '' : this.memberId,
          members:
            version >= 3
              ? [
                  {
                    memberId: this.memberId,
                    groupInstanceId: this.groupInstanceId,
                    reason: options.reason ?? null,
                  },
                ]
              : [],
        }),
        options,
      );
      this.check(response.errorCode);
      const memberError = response.members.find((m: { errorCode: number }) => m.errorCode !== ErrorCode.NONE);
      if (memberError) this.check(memberError.errorCode);
      this.memberId = '';
      this.generationId = -1;
    }, options);
  }

  /** OffsetCommit with this member's id and generation. Returns each partition's result. */
  commit(offsets: readonly OffsetToCommit[], options: CallOptions = {}): Promise<CommitResult[]> {
    return this.retryingCoordinator(() => this.commitOnce(offsets, options), options);
  }

  private async commitOnce(
    offsets: readonly OffsetToCommit[],
    options: CallOptions,
  ): Promise<CommitResult[]> {
    const response = await this.call(
      OffsetCommit,
      {
        ...OffsetCommit.newRequest(),
        groupId: this.groupId,
        generationIdOrMemberEpoch: this.generationId,
        memberId: this.memberId,
        groupInstanceId: this.groupInstanceId,
        retentionTimeMs: -1n,
        topics: offsetCommitTopics(offsets),
      },
      { maxVersion: MAX_OFFSET_COMMIT_VERSION, ...options },
    );
    const results: CommitResult[] = [];
    for (const topic of response.topics) {
      for (const p of topic.partitions) {
        if (COORDINATOR_MOVED.has(p.errorCode)) this.check(p.errorCode);
        const error = kafkaErrorFor(p.errorCode);
        results.push({ topic: topic.name, partition: p.partitionIndex, error });
      }
    }
    return results;
  }

  /** Like {@link commit}, but throws the first partition error. */
  async commitOrThrow(offsets: readonly OffsetToCommit[], options: CallOptions = {}): Promise<void> {
    const failed = (await this.commit(offsets, options)).find((r) => r.error !== null);
    if (failed) throw failed.error;
  }

  /** OffsetFetch for the given partitions (or all of the group's when `partitions` is null). */
  fetchOffsets(
    partitions: readonly { topic: string; partitions: readonly number[] }[] | null,
    options: CallOptions & { requireStable?: boolean } = {},
  ): Promise<CommittedOffset[]> {
    return this.retryingCoordinator(() => this.fetchOffsetsOnce(partitions, options), options);
  }

  private async fetchOffsetsOnce(
    partitions: readonly { topic: string; partitions: readonly number[] }[] | null,
    options: CallOptions & { requireStable?: boolean },
  ): Promise<CommittedOffset[]> {
    const topics =
      partitions === null
        ? null
        : partitions.map((t) => ({ name: t.topic, topicId: ZERO_UUID, partitionIndexes: [...t.partitions] }));
    const response = await this.call(
      OffsetFetch,
      // v8+ asks per group; older versions at the top level.
      (version) => ({
        ...OffsetFetch.newRequest(),
        groupId: version >= 8 ? '' : this.groupId,
        topics: version >= 8 ? [] : topics,
        groups: version >= 8 ? [{ groupId: this.groupId, memberId: null, memberEpoch: -1, topics }] : [],
        requireStable: options.requireStable ?? false,
      }),
      { maxVersion: MAX_OFFSET_FETCH_VERSION, ...options },
    );
    // v8+ answers per group; older versions at the top level.
    const group = response.groups.find((g: { groupId: string }) => g.groupId === this.groupId) ?? response;
    this.check(group.errorCode);
    const result: CommittedOffset[] = [];
    for (const topic of group.topics) {
      for (const p of topic.partitions) {
        result.push({
          topic: topic.name,
          partition: p.partitionIndex,
          offset: p.committedOffset,
          leaderEpoch: p.committedLeaderEpoch,
          metadata: p.metadata,
          error: kafkaErrorFor(p.errorCode),
        });
      }
    }
    return result;
  }

  /** Drops the connection (and, with `forgetCoordinator`, the coordinator). */
  disconnect(forgetCoordinator = false): void {
    this.link.disconnect(forgetCoordinator);
    if (forgetCoordinator) this.routedCluster?.forgetCoordinator(this.groupId);
  }

  /** Closes the connection; later calls fail with `LK_CLIENT_CLOSED`. Does not leave the group. */
  close(): void {
    this.link.close();
  }

  /**
   * Runs `operation`, and again with a fresh coordinator lookup after NOT_COORDINATOR,
   * COORDINATOR_NOT_AVAILABLE or COORDINATOR_LOAD_IN_PROGRESS, for up to the request timeout. These
   * errors mean the request was not processed, so repeating it is safe.
   */
  private async retryingCoordinator<T>(operation: () => Promise<T>, options: CallOptions): Promise<T> {
    return retryWithBackoff(operation, {
      operation: 'group',
      subject: this.groupId,
      retriable: (error) => error instanceof KafkaError && COORDINATOR_MOVED.has(error.errorCode),
      deadline: performance.now() + (options.timeoutMs ?? this.cluster.options.requestTimeoutMs),
      signal: options.signal,
    });
  }

  private check(errorCode: number): void {
    const error = kafkaErrorFor(errorCode);
    if (error === null) return;
    if (COORDINATOR_MOVED.has(errorCode)) this.disconnect(true);
    throw error;
  }
}

/**
 * The `topics` of an OffsetCommit request (by name, up to v9) for `offsets`: grouped by topic, an
 * unknown leader epoch as -1. For anyone committing, a group member or an admin.
 */
export function offsetCommitTopics(offsets: readonly OffsetToCommit[]) {
  return [...groupByTopic(offsets)].map(([name, partitions]) => ({
    name,
    topicId: ZERO_UUID,
    partitions: partitions.map((p) => ({
      partitionIndex: p.partition,
      committedOffset: p.offset,
      committedLeaderEpoch: p.leaderEpoch ?? -1,
      committedMetadata: p.metadata ?? null,
    })),
  }));
}

function groupByTopic(offsets: readonly OffsetToCommit[]): Map<string, OffsetToCommit[]> {
  const byTopic = new Map<string, OffsetToCommit[]>();
  for (const o of offsets) {
    const list = byTopic.get(o.topic);
    if (list) list.push(o);
    else byTopic.set(o.topic, [o]);
  }
  return byTopic;
}
