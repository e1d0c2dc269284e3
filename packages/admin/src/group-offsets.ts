import {
  ErrorCode,
  FieldVersionError,
  type GroupState,
  IsolationLevel,
  type KafkaError,
  kafkaErrorFor,
  ListGroups,
  ListOffsets,
  ListOffsetsTimestamp,
  OffsetCommit,
  OffsetDelete,
  OffsetFetch,
  ReplicaId,
} from '@lk/api';
import { type Cluster, offsetCommitTopics } from '@lk/client';
import { GroupNotEmptyError } from './errors.ts';
import { type AdminCallOptions, type EntryResult, settle } from './results.ts';
import { byTopic, inAskedOrder, sendToLeaders, type TopicPartition } from './topic-partitions.ts';

/** One committed offset of {@link Admin.listGroupOffsets}. */
export interface GroupOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** -1 when not known. */
  readonly leaderEpoch: number;
  readonly metadata: string | null;
  readonly error: KafkaError | null;
}

/** The committed offsets of a group, from {@link Admin.listGroupOffsets}. */
export interface GroupOffsets extends EntryResult {
  readonly groupId: string;
  readonly offsets: readonly GroupOffset[];
}

// v8+ asks for groups in `groups`; older versions for one group at the top level. v10 names
// topics by id only, so lk stays at v9 to answer with names.
const OFFSET_FETCH_MAX_VERSION = 9;

export async function listGroupOffsets(
  cluster: Cluster,
  groupId: string,
  options: AdminCallOptions,
): Promise<GroupOffsets> {
  const { throwOnError, ...callOptions } = options;
  const request = (version: number) => ({
    ...OffsetFetch.newRequest(),
    groupId: version >= 8 ? '' : groupId,
    topics: version >= 8 ? [] : null,
    groups: version >= 8 ? [{ groupId, memberId: null, memberEpoch: -1, topics: null }] : [],
  });
  type Response = { errorCode: number; groups: { errorCode: number }[] };
  const { response } = await cluster.callRouted({ coordinator: { key: groupId } }, OffsetFetch, request, {
    maxVersion: OFFSET_FETCH_MAX_VERSION,
    ...callOptions,
    errorCodeOf: (r: Response) => r.groups[0]?.errorCode ?? r.errorCode,
  });
  const grouped = response.groups[0];
  const topics = grouped ? grouped.topics : response.topics;
  const errorCode = grouped ? grouped.errorCode : response.errorCode;
  const offsets = topics.flatMap((t) =>
    t.partitions.map((p) => ({
      topic: t.name,
      partition: p.partitionIndex,
      offset: p.committedOffset,
      leaderEpoch: p.committedLeaderEpoch,
      metadata: p.metadata,
      error: kafkaErrorFor(p.errorCode),
    })),
  );
  offsets.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  const result: GroupOffsets = { groupId, offsets, error: kafkaErrorFor(errorCode) };
  settle('listGroupOffsets', [result], (g) => `group:${g.groupId}`, { throwOnError });
  return result;
}

/** An offset to commit for a group with {@link Admin.alterGroupOffsets}. */
export interface GroupOffsetToCommit extends TopicPartition {
  readonly offset: bigint;
  /** The leader epoch of the record before `offset`, if known (OffsetCommit v6+). */
  readonly leaderEpoch?: number;
  readonly metadata?: string | null;
}

/** The outcome of one partition of {@link Admin.alterGroupOffsets}, {@link Admin.resetGroupOffsets}. */
export interface CommittedGroupOffset extends EntryResult, TopicPartition {
  /** The offset committed (or that would have been). */
  readonly offset: bigint;
}

/** The outcome of one partition of {@link Admin.deleteGroupOffsets}. */
export interface DeletedGroupOffset extends EntryResult, TopicPartition {}

// v10 names topics by id only; lk commits by name.
const OFFSET_COMMIT_MAX_VERSION = 9;
// CommittedLeaderEpoch exists from v6; before, the broker would ignore it.
const OFFSET_COMMIT_EPOCH_VERSION = 6;
// An admin's commit belongs to no generation and no member (Kafka's AdminClient does the same).
const NO_GENERATION = -1;

/** Options of {@link Admin.alterGroupOffsets}. */
export interface AlterGroupOffsetsOptions extends AdminCallOptions {
  /** Force an OffsetCommit version (default: the highest both sides speak, at most 9). */
  version?: number;
}

export async function alterGroupOffsets(
  cluster: Cluster,
  groupId: string,
  offsets: readonly GroupOffsetToCommit[],
  options: AlterGroupOffsetsOptions,
): Promise<CommittedGroupOffset[]> {
  const { throwOnError, ...callOptions } = options;
  const request = (version: number) => {
    if (version < OFFSET_COMMIT_EPOCH_VERSION && offsets.some((o) => o.leaderEpoch !== undefined)) {
      throw new FieldVersionError(
        'LK_API_UNSUPPORTED_FIELD',
        `OffsetCommit v${version} cannot carry a leader epoch (v${OFFSET_COMMIT_EPOCH_VERSION}+ can)`,
        'OffsetCommitRequest.topics.partitions.committedLeaderEpoch',
        version,
      );
    }
    return {
      ...OffsetCommit.newRequest(),
      groupId,
      generationIdOrMemberEpoch: NO_GENERATION,
      memberId: '',
      topics: offsetCommitTopics(offsets),
    };
  };
  type Response = { topics: { partitions: { errorCode: number }[] }[] };
  const response = await cluster.call({ coordinator: { key: groupId } }, OffsetCommit, request, {
    maxVersion: OFFSET_COMMIT_MAX_VERSION,
    ...callOptions,
    // A moved coordinator shows in every partition's entry.
    errorCodeOf: (r: Response) => r.topics[0]?.partitions[0]?.errorCode ?? ErrorCode.NONE,
  });
  const asked = new Map(offsets.map((o) => [`${o.partition}:${o.topic}`, o.offset]));
  const results = response.topics.flatMap((t) =>
    t.partitions.map((p) => ({
      topic: t.name,
      partition: p.partitionIndex,
      offset: asked.get(`${p.partitionIndex}:${t.name}`) ?? -1n,
      error: kafkaErrorFor(p.errorCode),
    })),
  );
  return settle('alterGroupOffsets', inAskedOrder(offsets, results), subjectOf, { throwOnError });
}

export async function deleteGroupOffsets(
  cluster: Cluster,
  groupId: string,
  partitions: readonly TopicPartition[],
  options: AdminCallOptions,
): Promise<DeletedGroupOffset[]> {
  const { throwOnError, ...callOptions } = options;
  const response = await cluster.call(
    { coordinator: { key: groupId } },
    OffsetDelete,
    {
      groupId,
      topics: byTopic(partitions).map(([name, entries]) => ({
        name,
        partitions: entries.map((p) => ({ partitionIndex: p.partition })),
      })),
    },
    callOptions,
  );
  // A group-wide refusal (GROUP_ID_NOT_FOUND, NON_EMPTY_GROUP...) is every partition's outcome.
  const groupError = kafkaErrorFor(response.errorCode);
  const results = groupError
    ? partitions.map(({ topic, partition }) => ({ topic, partition, error: groupError }))
    : response.topics.flatMap((t) =>
        t.partitions.map((p) => ({
          topic: t.name,
          partition: p.partitionIndex,
          error: kafkaErrorFor(p.errorCode),
        })),
      );
  return settle('deleteGroupOffsets', inAskedOrder(partitions, results), subjectOf, { throwOnError });
}

/** Where {@link Admin.resetGroupOffsets} moves a group's offsets. */
export type OffsetResetSpec =
  | 'earliest'
  | 'latest'
  /** The first offset whose record's timestamp (ms) is at or after this; the end where there is none. */
  | { readonly timestamp: bigint }
  | { readonly offset: bigint };

/**
 * Resets a group's committed offsets: of the given partitions, or of every partition of a topic
 * named by a string. Only for a group without members (or none at all), as Kafka requires:
 * otherwise throws {@link GroupNotEmptyError} and commits nothing.
 */
export async function resetGroupOffsets(
  cluster: Cluster,
  groupId: string,
  partitions: readonly (string | TopicPartition)[],
  to: OffsetResetSpec,
  options: AdminCallOptions & { validateOnly?: boolean },
): Promise<CommittedGroupOffset[]> {
  const { validateOnly = false, ...callOptions } = options;
  const state = await groupStateOf(cluster, groupId, callOptions);
  if (state !== null && state !== 'Empty' && state !== 'Dead') throw new GroupNotEmptyError(groupId, state);
  const targets = await expandTopics(cluster, partitions, options.signal);
  const found =
    typeof to === 'object' && 'offset' in to
      ? targets.map((p) => ({ ...p, offset: to.offset, error: null }))
      : await listOffsets(cluster, targets, to, callOptions);
  const failed = found.filter((f) => f.error !== null);
  const offsets = found.filter((f) => f.error === null);
  const committed =
    validateOnly || offsets.length === 0
      ? offsets
      : await alterGroupOffsets(cluster, groupId, offsets, { ...callOptions, throwOnError: false });
  return settle('resetGroupOffsets', inAskedOrder(targets, [...committed, ...failed]), subjectOf, options);
}

/** The group's state at its coordinator (ListGroups there), null when the group does not exist. */
async function groupStateOf(
  cluster: Cluster,
  groupId: string,
  options: Omit<AdminCallOptions, 'throwOnError'>,
): Promise<GroupState | null> {
  const nodeId = await cluster.coordinatorOf(groupId, 'group', options.signal);
  const response = await cluster.call({ node: nodeId }, ListGroups, ListGroups.newRequest(), options);
  const error = kafkaErrorFor(response.errorCode);
  if (error) throw error;
  const group = response.groups.find((g) => g.groupId === groupId);
  return group ? (group.groupState as GroupState) : null;
}

/** Every partition of the topics named by a string, in metadata order; the others as given. */
async function expandTopics(
  cluster: Cluster,
  partitions: readonly (string | TopicPartition)[],
  signal: AbortSignal | undefined,
): Promise<TopicPartition[]> {
  const names = partitions.filter((p) => typeof p === 'string');
  if (names.length > 0) await cluster.metadata.refresh(names, signal);
  return partitions.flatMap((p) => {
    if (typeof p !== 'string') return [p];
    const topic = cluster.metadata.topic(p);
    // An unknown topic has no partitions to reset: its partition 0 carries the error.
    if (topic === undefined) return [{ topic: p, partition: 0 }];
    return topic.partitions.filter((m) => m !== undefined).map((m) => ({ topic: p, partition: m.partition }));
  });
}

/** The offsets `to` names, from ListOffsets at each partition's leader. */
async function listOffsets(
  cluster: Cluster,
  partitions: readonly TopicPartition[],
  to: Exclude<OffsetResetSpec, { offset: bigint }>,
  options: Omit<AdminCallOptions, 'throwOnError'>,
): Promise<CommittedGroupOffset[]> {
  const timestamp =
    to === 'earliest'
      ? ListOffsetsTimestamp.EARLIEST
      : to === 'latest'
        ? ListOffsetsTimestamp.LATEST
        : to.timestamp;
  const found = await offsetsAt(cluster, partitions, BigInt(timestamp), options);
  // No record at or after the timestamp: the end, as Kafka's reset tool does.
  const past = found.filter((f) => f.error === null && f.offset < 0n);
  if (past.length === 0) return found;
  const ends = await offsetsAt(cluster, past, BigInt(ListOffsetsTimestamp.LATEST), options);
  return inAskedOrder(partitions, [...found.filter((f) => !past.includes(f)), ...ends]);
}

async function offsetsAt(
  cluster: Cluster,
  partitions: readonly TopicPartition[],
  timestamp: bigint,
  options: Omit<AdminCallOptions, 'throwOnError'>,
): Promise<CommittedGroupOffset[]> {
  const send = async (leaderId: number, mine: TopicPartition[]): Promise<CommittedGroupOffset[]> => {
    const response = await cluster.call(
      { node: leaderId },
      ListOffsets,
      {
        ...ListOffsets.newRequest(),
        replicaId: ReplicaId.CONSUMER,
        isolationLevel: IsolationLevel.READ_UNCOMMITTED,
        topics: byTopic(mine).map(([name, entries]) => ({
          name,
          partitions: entries.map((e) => ({
            partitionIndex: e.partition,
            currentLeaderEpoch: -1,
            timestamp,
          })),
        })),
        timeoutMs: options.timeoutMs ?? cluster.pool.options.requestTimeoutMs,
      },
      options,
    );
    return response.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partitionIndex,
        offset: p.offset,
        error: kafkaErrorFor(p.errorCode),
      })),
    );
  };
  const failed = (entry: TopicPartition, error: KafkaError) => ({ ...entry, offset: -1n, error });
  return sendToLeaders(cluster, partitions, send, failed, options);
}

const subjectOf = (r: TopicPartition) => `partition:${r.topic}/${r.partition}`;
