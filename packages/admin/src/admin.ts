import { BootstrapClient, Cluster, type ClusterOptions, type NewTopic } from '@lk/client';
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
  type DeletedGroup,
  deleteGroups,
  describeGroups,
  type GroupDescription,
  type GroupListing,
  type GroupOffsets,
  type ListGroupsOptions,
  listGroupOffsets,
  listGroups,
} from './groups.ts';
import type { AdminCallOptions } from './results.ts';
import {
  type CreatedTopic,
  type CreateTopicsOptions,
  createTopics,
  type DeletedTopic,
  deleteTopics,
  describeTopics,
  listTopics,
  type TopicDescription,
  type TopicToDelete,
} from './topics.ts';

/** Options of an {@link Admin}: the bootstrap brokers and any connection option of @lk/client. */
export type AdminOptions = ClusterOptions;

/**
 * Cluster administration: topics, configs and groups. Each operation sends its requests where
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

  /** Closes every connection. */
  close(): void {
    this.cluster.close();
  }
}
