/**
 * @lk/admin: Kafka cluster administration as a typed API, built on @lk/client's `Cluster`.
 *
 * - {@link Admin}: topics (create, delete by name or id, list, describe, create partitions, delete
 *   records), configs (describe with sources and synonyms, incremental alter; topics, brokers,
 *   groups), groups (list on every broker by type and state, describe classic and KIP-848 groups,
 *   delete, list/alter/delete/reset committed offsets), the cluster (describe, read and update
 *   features, log dirs), ACLs, SCRAM users and client quotas.
 * - Every operation returns one result per entry with its `KafkaError` (or null), or throws one
 *   {@link AdminError} with `{ throwOnError: true }`.
 *
 * @example
 * ```ts
 * import { Admin } from '@lk/admin';
 * const admin = new Admin({ bootstrap: '127.0.0.1:9092' });
 * const names = await admin.listTopics();
 * admin.close();
 * ```
 * @module
 */
export type {
  AclBinding,
  AclFilter,
  AclListing,
  CreatedAcl,
  DeletedAcls,
  DescribedAcl,
} from './acls.ts';
export { Admin, type AdminOptions } from './admin.ts';
export type {
  ClusterBroker,
  ClusterDescription,
  DescribeClusterOptions,
  DescribeLogDirsOptions,
  LogDir,
  LogDirReplica,
} from './cluster.ts';
export type {
  AlterConfigsOptions,
  AlteredConfig,
  ConfigChange,
  ConfigDescription,
  ConfigEntry,
  ConfigResource,
  ConfigSynonym,
  DescribeConfigsOptions,
} from './configs.ts';
export { AdminError, type AdminFailure, GroupNotEmptyError } from './errors.ts';
export type {
  Feature,
  Features,
  FeatureUpdate,
  UpdatedFeature,
  UpdateFeaturesOptions,
} from './features.ts';
export type {
  AlterGroupOffsetsOptions,
  CommittedGroupOffset,
  DeletedGroupOffset,
  GroupOffset,
  GroupOffsets,
  GroupOffsetToCommit,
  OffsetResetSpec,
} from './group-offsets.ts';
export type {
  BrokerListing,
  ConsumerGroupDescription,
  ConsumerGroupMember,
  DeletedGroup,
  GroupDescription,
  GroupListing,
  GroupMember,
  ListedGroup,
  ListGroupsOptions,
  MemberAssignment,
} from './groups.ts';
export type {
  AlteredClientQuotas,
  ClientQuotaChange,
  ClientQuotas,
  DescribeClientQuotasOptions,
  QuotaEntity,
  QuotaFilterComponent,
} from './quotas.ts';
export type { AdminCallOptions, EntryResult } from './results.ts';
export type {
  AlteredScramUser,
  ScramAlteration,
  ScramCredential,
  ScramUpsertion,
  ScramUser,
} from './scram.ts';
export type { TopicPartition } from './topic-partitions.ts';
export type {
  CreatedPartitions,
  CreatedTopic,
  CreatePartitionsOptions,
  CreateTopicsOptions,
  DeletedRecords,
  DeletedTopic,
  NewPartitions,
  PartitionDescription,
  RecordsToDelete,
  TopicDescription,
  TopicToDelete,
} from './topics.ts';
