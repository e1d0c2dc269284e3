import { BootstrapClient, Cluster, type ClusterOptions, type NewTopic } from '@lk/client';
import {
  type AclBinding,
  type AclFilter,
  type AclListing,
  type CreatedAcl,
  createAcls,
  type DeletedAcls,
  deleteAcls,
  describeAcls,
} from './acls.ts';
import {
  type ClusterDescription,
  type DescribeClusterOptions,
  type DescribeLogDirsOptions,
  describeCluster,
  describeLogDirs,
  type LogDir,
} from './cluster.ts';
import {
  type AlterConfigsOptions,
  type AlteredConfig,
  alterConfigs,
  type ConfigChange,
  type ConfigDescription,
  type ConfigResource,
  type DescribeConfigsOptions,
  describeConfigs,
} from './configs.ts';
import {
  describeFeatures,
  type Features,
  type FeatureUpdate,
  type UpdatedFeature,
  type UpdateFeaturesOptions,
  updateFeatures,
} from './features.ts';
import {
  type AlterGroupOffsetsOptions,
  alterGroupOffsets,
  type CommittedGroupOffset,
  type DeletedGroupOffset,
  deleteGroupOffsets,
  type GroupOffsets,
  type GroupOffsetToCommit,
  listGroupOffsets,
  type OffsetResetSpec,
  resetGroupOffsets,
} from './group-offsets.ts';
import {
  type ConsumerGroupDescription,
  type DeletedGroup,
  deleteGroups,
  describeConsumerGroups,
  describeGroups,
  type GroupDescription,
  type GroupListing,
  type ListGroupsOptions,
  listGroups,
} from './groups.ts';
import {
  type AlteredClientQuotas,
  alterClientQuotas,
  type ClientQuotaChange,
  type ClientQuotas,
  type DescribeClientQuotasOptions,
  describeClientQuotas,
  type QuotaFilterComponent,
} from './quotas.ts';
import type { AdminCallOptions } from './results.ts';
import {
  type AlteredScramUser,
  alterScramUsers,
  describeScramUsers,
  type ScramAlteration,
  type ScramUser,
} from './scram.ts';
import type { TopicPartition } from './topic-partitions.ts';
import {
  type CreatedPartitions,
  type CreatedTopic,
  type CreatePartitionsOptions,
  type CreateTopicsOptions,
  createPartitions,
  createTopics,
  type DeletedRecords,
  type DeletedTopic,
  deleteRecords,
  deleteTopics,
  describeTopics,
  listTopics,
  type NewPartitions,
  type RecordsToDelete,
  type TopicDescription,
  type TopicToDelete,
} from './topics.ts';

/** Options of an {@link Admin}: the bootstrap brokers and any connection option of @lk/client. */
export type AdminOptions = ClusterOptions;

/**
 * Cluster administration: topics, configs, groups, the cluster and its features, ACLs, SCRAM users and client quotas. Each operation sends its requests where
 * Kafka wants them (any broker, the broker whose configs they are, the group's coordinator, every
 * broker for a listing), at the version the broker speaks, and returns one result per entry with
 * its `error` (a `KafkaError`, or null). Pass `{ throwOnError: true }` to get one
 * {@link AdminError} listing the failed entries instead. Failures of the transport (a broker that
 * cannot be reached, a timeout) are thrown as @lk/client's errors.
 *
 * `admin.cluster` is the @lk/client `Cluster` underneath, for raw calls.
 *
 * @example
 * ```ts
 * import { Admin } from '@lk/admin';
 * const admin = new Admin({ bootstrap: '127.0.0.1:9092' });
 * await admin.createTopics([{ name: 'events', numPartitions: 3, configs: { 'retention.ms': '3600000' } }], {
 *   throwOnError: true,
 * });
 * const [events] = await admin.describeTopics(['events']);
 * admin.close();
 * ```
 */
export class Admin {
  /** The pool, metadata cache and routing underneath. */
  readonly cluster: Cluster;
  private readonly bootstrap: BootstrapClient;

  constructor(options: AdminOptions) {
    this.cluster = new Cluster(options);
    const {
      bootstrap,
      retryBackoffMs,
      retryBackoffMaxMs,
      reconnectBackoffMs,
      reconnectBackoffMaxMs,
      ...rest
    } = options;
    this.bootstrap = new BootstrapClient(bootstrap, rest);
  }

  /**
   * Creates topics (CreateTopics), then waits until every broker knows a leader of each new
   * partition, so that producing right away works (`waitForLeaders: false` skips it).
   *
   * @example
   * ```ts
   * const [created] = await admin.createTopics([
   *   { name: 'events', numPartitions: 6, replicationFactor: 3, configs: { 'cleanup.policy': 'compact' } },
   * ]);
   * if (created.error?.errorName === 'TOPIC_ALREADY_EXISTS') console.log('already there');
   * ```
   */
  createTopics(topics: readonly NewTopic[], options: CreateTopicsOptions = {}): Promise<CreatedTopic[]> {
    return createTopics(this.bootstrap, topics, options);
  }

  /**
   * Deletes topics by name or by id (DeleteTopics). Names go in the field the negotiated version
   * reads (`topics` at v6, `topicNames` before); deleting by id at a version before 6 throws
   * `FieldVersionError` (`LK_API_UNSUPPORTED_FIELD`) instead of sending a request that does nothing.
   * `version` forces a version.
   *
   * @example
   * ```ts
   * const results = await admin.deleteTopics(['old-events', { topicId: 'q9Ctj2gBTeyZ4bjrRRNjyA' }]);
   * for (const r of results) if (r.error) console.log(r.name ?? r.topicId, r.error.errorName);
   * ```
   */
  deleteTopics(
    topics: readonly TopicToDelete[],
    options: AdminCallOptions & { version?: number } = {},
  ): Promise<DeletedTopic[]> {
    return deleteTopics(this.cluster, topics, options);
  }

  /**
   * The names of the cluster's topics, sorted; internal ones (`__consumer_offsets`) only with
   * `includeInternal`.
   *
   * @example
   * ```ts
   * const names = await admin.listTopics();
   * ```
   */
  listTopics(options: { includeInternal?: boolean; signal?: AbortSignal } = {}): Promise<string[]> {
    return listTopics(this.cluster, options);
  }

  /**
   * Describes topics from Metadata: id, partitions with leader, epoch, replicas, ISR and offline
   * replicas. A topic that does not exist has `error` UNKNOWN_TOPIC_OR_PARTITION. For a topic's
   * configs, call {@link describeConfigs} with `ConfigResourceType.TOPIC`.
   *
   * @example
   * ```ts
   * const [topic] = await admin.describeTopics(['events'], { throwOnError: true });
   * for (const p of topic.partitions) console.log(p.partition, p.leaderId, p.isr);
   * ```
   */
  describeTopics(names: readonly string[], options: AdminCallOptions = {}): Promise<TopicDescription[]> {
    return describeTopics(this.cluster, names, options);
  }

  /**
   * Adds partitions to topics (CreatePartitions): `count` is the new total. Fewer partitions than
   * now is the topic's INVALID_PARTITIONS; `assignments` places the new partitions' replicas.
   *
   * @example
   * ```ts
   * const [grown] = await admin.createPartitions([{ topic: 'events', count: 12 }]);
   * ```
   */
  createPartitions(
    topics: readonly NewPartitions[],
    options: CreatePartitionsOptions = {},
  ): Promise<CreatedPartitions[]> {
    return createPartitions(this.cluster, topics, options);
  }

  /**
   * Deletes the records before an offset (DeleteRecords at each partition's leader): the
   * partition's log start offset moves there. `'highWatermark'` deletes every record so far.
   *
   * @example
   * ```ts
   * const [p0] = await admin.deleteRecords([{ topic: 'events', partition: 0, offset: 1000n }]);
   * console.log(p0.lowWatermark); // 1000n
   * ```
   */
  deleteRecords(
    partitions: readonly RecordsToDelete[],
    options: AdminCallOptions = {},
  ): Promise<DeletedRecords[]> {
    return deleteRecords(this.cluster, partitions, options);
  }

  /**
   * Describes the configs of topics, brokers or groups (DescribeConfigs): each value with its
   * source, read-only and sensitive flags, type, and with `synonyms: true` the values of the other
   * sources. A broker's own configs are asked of that broker.
   *
   * @example
   * ```ts
   * import { ConfigResourceType, ConfigSource } from '@lk/api';
   * const [topic] = await admin.describeConfigs([{ type: ConfigResourceType.TOPIC, name: 'events' }], {
   *   synonyms: true,
   * });
   * const overridden = topic.configs.filter((c) => c.source === ConfigSource.TOPIC_CONFIG);
   * ```
   */
  describeConfigs(
    resources: readonly ConfigResource[],
    options: DescribeConfigsOptions = {},
  ): Promise<ConfigDescription[]> {
    return describeConfigs(this.cluster, resources, options);
  }

  /**
   * Changes configs incrementally (IncrementalAlterConfigs): `set`, `delete`, `append` to and
   * `subtract` from list values; other configs stay as they are. A broker's own configs are sent
   * to that broker. An unknown config or a bad value is the resource's `INVALID_CONFIG`.
   *
   * @example
   * ```ts
   * import { ConfigResourceType } from '@lk/api';
   * await admin.alterConfigs(
   *   [{ type: ConfigResourceType.TOPIC, name: 'events', set: { 'retention.ms': '86400000' }, delete: ['segment.ms'] }],
   *   { throwOnError: true },
   * );
   * ```
   */
  alterConfigs(
    changes: readonly ConfigChange[],
    options: AlterConfigsOptions = {},
  ): Promise<AlteredConfig[]> {
    return alterConfigs(this.cluster, changes, options);
  }

  /**
   * Lists the groups of every broker (ListGroups to each), optionally only in some `states`
   * (Kafka 2.6+) or of some `types` (Kafka 3.8+); a filter the broker's version cannot carry
   * throws `FieldVersionError`. `brokers` holds each broker's outcome.
   *
   * @example
   * ```ts
   * import { GroupState } from '@lk/api';
   * const { groups } = await admin.listGroups({ states: [GroupState.EMPTY] });
   * ```
   */
  listGroups(options: ListGroupsOptions = {}): Promise<GroupListing> {
    return listGroups(this.cluster, options);
  }

  /**
   * Describes classic groups at their coordinators (DescribeGroups): state, protocol, members. A
   * group that does not exist is answered with state `Dead`.
   *
   * @example
   * ```ts
   * const [group] = await admin.describeGroups(['orders']);
   * console.log(group.state, group.members.length);
   * ```
   */
  describeGroups(groupIds: readonly string[], options: AdminCallOptions = {}): Promise<GroupDescription[]> {
    return describeGroups(this.cluster, groupIds, options);
  }

  /**
   * Describes KIP-848 consumer groups at their coordinators (ConsumerGroupDescribe, Kafka 4.0+):
   * epochs, the server-side assignor, each member's subscription and assignment. A classic group
   * is answered GROUP_ID_NOT_FOUND: use {@link describeGroups} for those.
   *
   * @example
   * ```ts
   * const [group] = await admin.describeConsumerGroups(['orders']);
   * for (const m of group.members) console.log(m.memberId, m.assignment);
   * ```
   */
  describeConsumerGroups(
    groupIds: readonly string[],
    options: AdminCallOptions = {},
  ): Promise<ConsumerGroupDescription[]> {
    return describeConsumerGroups(this.cluster, groupIds, options);
  }

  /**
   * Deletes groups and their committed offsets at their coordinators (DeleteGroups). A group with
   * members is refused with NON_EMPTY_GROUP, an unknown one with GROUP_ID_NOT_FOUND.
   *
   * @example
   * ```ts
   * const [deleted] = await admin.deleteGroups(['orders']);
   * if (deleted.error?.errorName === 'NON_EMPTY_GROUP') console.log('stop its consumers first');
   * ```
   */
  deleteGroups(groupIds: readonly string[], options: AdminCallOptions = {}): Promise<DeletedGroup[]> {
    return deleteGroups(this.cluster, groupIds, options);
  }

  /**
   * The committed offsets of a group, every partition (OffsetFetch at its coordinator), sorted by
   * topic and partition. A group without offsets has none.
   *
   * @example
   * ```ts
   * const { offsets } = await admin.listGroupOffsets('orders', { throwOnError: true });
   * for (const o of offsets) console.log(o.topic, o.partition, o.offset);
   * ```
   */
  listGroupOffsets(groupId: string, options: AdminCallOptions = {}): Promise<GroupOffsets> {
    return listGroupOffsets(this.cluster, groupId, options);
  }

  /**
   * Commits offsets for a group as an admin (OffsetCommit with no generation and no member), one
   * result per partition. A group with members refuses it (UNKNOWN_MEMBER_ID). A `leaderEpoch` at a
   * forced `version` before 6 throws `FieldVersionError` (the broker would drop it).
   *
   * @example
   * ```ts
   * await admin.alterGroupOffsets('orders', [{ topic: 'events', partition: 0, offset: 42n }], { throwOnError: true });
   * ```
   */
  alterGroupOffsets(
    groupId: string,
    offsets: readonly GroupOffsetToCommit[],
    options: AlterGroupOffsetsOptions = {},
  ): Promise<CommittedGroupOffset[]> {
    return alterGroupOffsets(this.cluster, groupId, offsets, options);
  }

  /**
   * Deletes a group's committed offsets of some partitions (OffsetDelete). A partition of a topic
   * the group's members subscribe to is refused with GROUP_SUBSCRIBED_TO_TOPIC.
   *
   * @example
   * ```ts
   * await admin.deleteGroupOffsets('orders', [{ topic: 'events', partition: 0 }]);
   * ```
   */
  deleteGroupOffsets(
    groupId: string,
    partitions: readonly TopicPartition[],
    options: AdminCallOptions = {},
  ): Promise<DeletedGroupOffset[]> {
    return deleteGroupOffsets(this.cluster, groupId, partitions, options);
  }

  /**
   * Moves a group's offsets to the earliest or latest offset, to the first record at or after a
   * timestamp (the end where there is none), or to an offset: of the given partitions, a string
   * meaning every partition of that topic. ListOffsets at each leader, then one commit. Only for a
   * group without members, as Kafka requires: otherwise {@link GroupNotEmptyError} and nothing is
   * committed. `validateOnly` returns the offsets without committing them.
   *
   * @example
   * ```ts
   * await admin.resetGroupOffsets('orders', ['events'], 'earliest', { throwOnError: true });
   * await admin.resetGroupOffsets('orders', ['events'], { timestamp: BigInt(Date.now() - 3_600_000) });
   * ```
   */
  resetGroupOffsets(
    groupId: string,
    partitions: readonly (string | TopicPartition)[],
    to: OffsetResetSpec,
    options: AdminCallOptions & { validateOnly?: boolean } = {},
  ): Promise<CommittedGroupOffset[]> {
    return resetGroupOffsets(this.cluster, groupId, partitions, to, options);
  }

  /**
   * The cluster's id, controller and brokers (DescribeCluster; Metadata on brokers before 2.8).
   *
   * @example
   * ```ts
   * const { clusterId, controllerId, brokers } = await admin.describeCluster();
   * ```
   */
  describeCluster(options: DescribeClusterOptions = {}): Promise<ClusterDescription> {
    return describeCluster(this.cluster, options);
  }

  /**
   * The feature versions a broker supports and the levels finalized for the cluster
   * (`metadata.version`, `kraft.version`, `group.version`...), from ApiVersions.
   *
   * @example
   * ```ts
   * const { features } = await admin.describeFeatures();
   * console.log(features.find((f) => f.name === 'metadata.version')?.finalized);
   * ```
   */
  describeFeatures(options: Omit<AdminCallOptions, 'throwOnError'> = {}): Promise<Features> {
    return describeFeatures(this.cluster, options);
  }

  /**
   * Changes finalized feature levels (UpdateFeatures; KRaft brokers forward it to the controller):
   * upgrades, and with `upgradeType` safe or unsafe downgrades; `validateOnly` lets the controller
   * check the change without applying it (v1+: at v0 it is a `FieldVersionError`, not a change
   * made for real). A level the brokers do not support is the feature's INVALID_UPDATE_VERSION.
   *
   * @example
   * ```ts
   * const { features } = await admin.describeFeatures();
   * const mv = features.find((f) => f.name === 'metadata.version');
   * await admin.updateFeatures([{ feature: 'metadata.version', level: mv!.supported!.max }], {
   *   validateOnly: true,
   *   throwOnError: true,
   * });
   * ```
   */
  updateFeatures(
    updates: readonly FeatureUpdate[],
    options: UpdateFeaturesOptions = {},
  ): Promise<UpdatedFeature[]> {
    return updateFeatures(this.cluster, updates, options);
  }

  /**
   * The log directories of every broker (or of `brokers`) with their replicas' sizes and lags
   * (DescribeLogDirs at each broker).
   *
   * @example
   * ```ts
   * for (const dir of await admin.describeLogDirs({ partitions: [{ topic: 'events', partition: 0 }] }))
   *   console.log(dir.nodeId, dir.path, dir.replicas);
   * ```
   */
  describeLogDirs(options: DescribeLogDirsOptions = {}): Promise<LogDir[]> {
    return describeLogDirs(this.cluster, options);
  }

  /**
   * Creates ACLs (CreateAcls; the brokers need an authorizer, else SECURITY_DISABLED per entry).
   *
   * @example
   * ```ts
   * import { AclOperation, AclPermissionType, ResourceType } from '@lk/api';
   * await admin.createAcls(
   *   [{ resourceType: ResourceType.TOPIC, resourceName: 'events', principal: 'User:alice',
   *      operation: AclOperation.READ, permissionType: AclPermissionType.ALLOW }],
   *   { throwOnError: true },
   * );
   * ```
   */
  createAcls(acls: readonly AclBinding[], options: AdminCallOptions = {}): Promise<CreatedAcl[]> {
    return createAcls(this.cluster, acls, options);
  }

  /**
   * The ACLs a filter matches (DescribeAcls); an empty filter matches every ACL.
   *
   * @example
   * ```ts
   * const { acls } = await admin.describeAcls({ principal: 'User:alice' });
   * ```
   */
  describeAcls(filter: AclFilter = {}, options: AdminCallOptions = {}): Promise<AclListing> {
    return describeAcls(this.cluster, filter, options);
  }

  /**
   * Deletes the ACLs each filter matches (DeleteAcls), returning the ACLs deleted per filter.
   *
   * @example
   * ```ts
   * const [gone] = await admin.deleteAcls([{ principal: 'User:alice' }]);
   * console.log(gone.deleted.length);
   * ```
   */
  deleteAcls(filters: readonly AclFilter[], options: AdminCallOptions = {}): Promise<DeletedAcls[]> {
    return deleteAcls(this.cluster, filters, options);
  }

  /**
   * The SCRAM credentials (mechanism, iterations) of some users, or of every user with `null`
   * (DescribeUserScramCredentials). An unknown user is RESOURCE_NOT_FOUND.
   *
   * @example
   * ```ts
   * const [alice] = await admin.describeScramUsers(['alice']);
   * ```
   */
  describeScramUsers(
    users: readonly string[] | null = null,
    options: AdminCallOptions = {},
  ): Promise<ScramUser[]> {
    return describeScramUsers(this.cluster, users, options);
  }

  /**
   * Sets or deletes users' SCRAM credentials (AlterUserScramCredentials). The salted password is
   * computed here (PBKDF2, @lk/client's SCRAM code): the password itself is never sent.
   *
   * @example
   * ```ts
   * import { ScramMechanism } from '@lk/api';
   * await admin.alterScramUsers([{ user: 'alice', mechanism: ScramMechanism.SCRAM_SHA_256, password: 'secret' }], {
   *   throwOnError: true,
   * });
   * ```
   */
  alterScramUsers(
    alterations: readonly ScramAlteration[],
    options: AdminCallOptions = {},
  ): Promise<AlteredScramUser[]> {
    return alterScramUsers(this.cluster, alterations, options);
  }

  /**
   * The client quotas of the entities a filter matches (DescribeClientQuotas).
   *
   * @example
   * ```ts
   * import { QuotaEntityType } from '@lk/api';
   * const quotas = await admin.describeClientQuotas([{ entityType: QuotaEntityType.CLIENT_ID, name: 'app' }]);
   * ```
   */
  describeClientQuotas(
    filter: readonly QuotaFilterComponent[],
    options: DescribeClientQuotasOptions = {},
  ): Promise<ClientQuotas[]> {
    return describeClientQuotas(this.cluster, filter, options);
  }

  /**
   * Sets and removes client quotas (AlterClientQuotas), per entity.
   *
   * @example
   * ```ts
   * await admin.alterClientQuotas([{ entity: { 'client-id': 'app' }, set: { producer_byte_rate: 1048576 } }]);
   * ```
   */
  alterClientQuotas(
    changes: readonly ClientQuotaChange[],
    options: AdminCallOptions & { validateOnly?: boolean } = {},
  ): Promise<AlteredClientQuotas[]> {
    return alterClientQuotas(this.cluster, changes, options);
  }

  /** Closes every connection. */
  close(): void {
    this.cluster.close();
  }
}
