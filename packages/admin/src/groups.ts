import {
  DeleteGroups,
  DescribeGroups,
  type GroupState,
  type GroupType,
  KafkaError,
  kafkaErrorFor,
  ListGroups,
  OffsetFetch,
} from '@lk/api';
import { type Cluster, ProtocolError } from '@lk/client';
import { type AdminCallOptions, type EntryResult, settle } from './results.ts';

/** One group of {@link Admin.listGroups}. */
export interface ListedGroup {
  readonly groupId: string;
  /** `consumer` for consumer groups, `''` for KIP-848 groups before they have members, ... */
  readonly protocolType: string;
  /** `''` before ListGroups v4 (Kafka 2.6). */
  readonly state: GroupState | '';
  /** `''` before ListGroups v5 (Kafka 3.8). */
  readonly type: GroupType | '';
  /** The broker coordinating the group (the one that listed it). */
  readonly coordinatorId: number;
}

/** The answer of one broker to {@link Admin.listGroups}. */
export interface BrokerListing extends EntryResult {
  readonly nodeId: number;
}

/** What {@link Admin.listGroups} found: the groups of every broker, and each broker's outcome. */
export interface GroupListing {
  readonly groups: ListedGroup[];
  readonly brokers: BrokerListing[];
}

/** Options of {@link Admin.listGroups}. */
export interface ListGroupsOptions extends AdminCallOptions {
  /** Only groups in these states (ListGroups v4+, Kafka 2.6+; an error on older brokers). */
  states?: readonly GroupState[];
  /** Only groups of these types (ListGroups v5+, Kafka 3.8+; an error on older brokers). */
  types?: readonly GroupType[];
}

/** One member of a {@link GroupDescription}. */
export interface GroupMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  /** The member's subscription, as the group's protocol encodes it (raw). */
  readonly metadata: Uint8Array;
  /** The member's assignment, as the group's protocol encodes it (raw). */
  readonly assignment: Uint8Array;
}

/** The outcome of one group of {@link Admin.describeGroups}. */
export interface GroupDescription extends EntryResult {
  readonly groupId: string;
  /** `Dead` for a group that does not exist. */
  readonly state: GroupState;
  readonly protocolType: string;
  /** The chosen assignor (`range`, ...) of a consumer group. */
  readonly protocol: string;
  readonly members: readonly GroupMember[];
  /** The broker coordinating the group. */
  readonly coordinatorId: number;
}

/** The outcome of one group of {@link Admin.deleteGroups}. */
export interface DeletedGroup extends EntryResult {
  readonly groupId: string;
}

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

export async function listGroups(cluster: Cluster, options: ListGroupsOptions): Promise<GroupListing> {
  const { throwOnError, states = [], types = [], ...callOptions } = options;
  await cluster.metadata.refresh([], options.signal);
  const nodeIds = [...cluster.metadata.brokers.keys()].sort((a, b) => a - b);
  const answers = await Promise.all(
    nodeIds.map(async (nodeId) => {
      try {
        const response = await cluster.call(
          { node: nodeId },
          ListGroups,
          { statesFilter: [...states], typesFilter: [...types] },
          callOptions,
        );
        const groups = response.groups.map(
          (g): ListedGroup => ({
            groupId: g.groupId,
            protocolType: g.protocolType,
            state: g.groupState as GroupState | '',
            type: g.groupType as GroupType | '',
            coordinatorId: nodeId,
          }),
        );
        return { nodeId, groups, error: kafkaErrorFor(response.errorCode) };
      } catch (error) {
        // A broker that cannot be asked is that broker's outcome, not the whole listing's.
        if (error instanceof KafkaError) return { nodeId, groups: [], error };
        throw error;
      }
    }),
  );
  const brokers = settle(
    'listGroups',
    answers.map(({ nodeId, error }) => ({ nodeId, error })),
    (b) => `broker:${b.nodeId}`,
    { throwOnError },
  );
  const groups = answers.flatMap((a) => a.groups).sort((a, b) => a.groupId.localeCompare(b.groupId));
  return { groups, brokers };
}

export async function describeGroups(
  cluster: Cluster,
  groupIds: readonly string[],
  options: AdminCallOptions,
): Promise<GroupDescription[]> {
  const { throwOnError, ...callOptions } = options;
  const results = await Promise.all(
    groupIds.map(async (groupId): Promise<GroupDescription> => {
      const { response, nodeId } = await cluster.callRouted(
        { coordinator: { key: groupId } },
        DescribeGroups,
        { groups: [groupId], includeAuthorizedOperations: false },
        {
          ...callOptions,
          errorCodeOf: (r: { groups: { errorCode: number }[] }) => r.groups[0]?.errorCode ?? 0,
        },
      );
      const g = response.groups[0];
      if (g === undefined)
        throw new ProtocolError(
          'LK_PROTOCOL_UNEXPECTED_RESPONSE',
          `DescribeGroups answered without ${groupId}`,
        );
      return {
        groupId,
        state: g.groupState as GroupState,
        protocolType: g.protocolType,
        protocol: g.protocolData,
        coordinatorId: nodeId,
        members: g.members.map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          clientId: m.clientId,
          clientHost: m.clientHost,
          metadata: m.memberMetadata,
          assignment: m.memberAssignment,
        })),
        error: kafkaErrorFor(g.errorCode, g.errorMessage),
      };
    }),
  );
  return settle('describeGroups', results, (g) => `group:${g.groupId}`, { throwOnError });
}

export async function deleteGroups(
  cluster: Cluster,
  groupIds: readonly string[],
  options: AdminCallOptions,
): Promise<DeletedGroup[]> {
  const { throwOnError, ...callOptions } = options;
  const results = await Promise.all(
    groupIds.map(async (groupId): Promise<DeletedGroup> => {
      const response = await cluster.call(
        { coordinator: { key: groupId } },
        DeleteGroups,
        { groupsNames: [groupId] },
        {
          ...callOptions,
          errorCodeOf: (r: { results: { errorCode: number }[] }) => r.results[0]?.errorCode ?? 0,
        },
      );
      return { groupId, error: kafkaErrorFor(response.results[0]?.errorCode ?? 0) };
    }),
  );
  return settle('deleteGroups', results, (g) => `group:${g.groupId}`, { throwOnError });
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
