import {
  ConsumerGroupDescribe,
  DeleteGroups,
  DescribeGroups,
  type GroupState,
  GroupType,
  KafkaError,
  kafkaErrorFor,
  ListGroups,
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

// ListGroups answers types in lower case (`consumer`); lk's GroupType names them as Kafka's enum
// does (`Consumer`), and the broker's filter takes either.
const GROUP_TYPES = new Map<string, GroupType>(Object.values(GroupType).map((t) => [t.toLowerCase(), t]));

function groupTypeOf(answered: string): GroupType | '' {
  if (answered === '') return '';
  return GROUP_TYPES.get(answered.toLowerCase()) ?? GroupType.UNKNOWN;
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
            type: groupTypeOf(g.groupType),
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

// A describe of one group at its coordinator: the group's entry decides a retry (NOT_COORDINATOR...).
const firstGroupError = (r: { groups: { errorCode: number }[] }) => r.groups[0]?.errorCode ?? 0;

function onlyGroup<G>(groups: readonly G[], api: string, groupId: string): G {
  const g = groups[0];
  if (g === undefined)
    throw new ProtocolError('LK_PROTOCOL_UNEXPECTED_RESPONSE', `${api} answered without ${groupId}`);
  return g;
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
        { ...callOptions, errorCodeOf: firstGroupError },
      );
      const g = onlyGroup(response.groups, 'DescribeGroups', groupId);
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

/** A member's partitions in a {@link ConsumerGroupMember}, by topic. */
export interface MemberAssignment {
  readonly topicId: string;
  readonly topic: string;
  readonly partitions: readonly number[];
}

/** One member of a {@link ConsumerGroupDescription}. */
export interface ConsumerGroupMember {
  readonly memberId: string;
  readonly instanceId: string | null;
  readonly rackId: string | null;
  readonly memberEpoch: number;
  readonly clientId: string;
  readonly clientHost: string;
  readonly subscribedTopicNames: readonly string[];
  readonly subscribedTopicRegex: string | null;
  /** What the member owns now, and what the coordinator wants it to own. */
  readonly assignment: readonly MemberAssignment[];
  readonly targetAssignment: readonly MemberAssignment[];
}

/** The outcome of one group of {@link Admin.describeConsumerGroups}. */
export interface ConsumerGroupDescription extends EntryResult {
  readonly groupId: string;
  readonly state: GroupState;
  readonly groupEpoch: number;
  readonly assignmentEpoch: number;
  /** The server-side assignor (`uniform`, `range`). */
  readonly assignor: string;
  readonly members: readonly ConsumerGroupMember[];
  readonly coordinatorId: number;
}

export async function describeConsumerGroups(
  cluster: Cluster,
  groupIds: readonly string[],
  options: AdminCallOptions,
): Promise<ConsumerGroupDescription[]> {
  const { throwOnError, ...callOptions } = options;
  const assignment = (a: {
    topicPartitions: { topicId: string; topicName: string; partitions: number[] }[];
  }) => a.topicPartitions.map((t) => ({ topicId: t.topicId, topic: t.topicName, partitions: t.partitions }));
  const results = await Promise.all(
    groupIds.map(async (groupId): Promise<ConsumerGroupDescription> => {
      const { response, nodeId } = await cluster.callRouted(
        { coordinator: { key: groupId } },
        ConsumerGroupDescribe,
        { groupIds: [groupId], includeAuthorizedOperations: false },
        { ...callOptions, errorCodeOf: firstGroupError },
      );
      const g = onlyGroup(response.groups, 'ConsumerGroupDescribe', groupId);
      return {
        groupId,
        state: g.groupState as GroupState,
        groupEpoch: g.groupEpoch,
        assignmentEpoch: g.assignmentEpoch,
        assignor: g.assignorName,
        coordinatorId: nodeId,
        members: g.members.map((m) => ({
          memberId: m.memberId,
          instanceId: m.instanceId,
          rackId: m.rackId,
          memberEpoch: m.memberEpoch,
          clientId: m.clientId,
          clientHost: m.clientHost,
          subscribedTopicNames: m.subscribedTopicNames,
          subscribedTopicRegex: m.subscribedTopicRegex,
          assignment: assignment(m.assignment),
          targetAssignment: assignment(m.targetAssignment),
        })),
        error: kafkaErrorFor(g.errorCode, g.errorMessage),
      };
    }),
  );
  return settle('describeConsumerGroups', results, (g) => `group:${g.groupId}`, { throwOnError });
}
