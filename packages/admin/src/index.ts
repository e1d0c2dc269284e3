/**
 * @lk/admin: Kafka cluster administration as a typed API, built on @lk/client's `Cluster`.
 *
 * - {@link Admin}: topics (create, delete by name or id, list, describe), configs (describe with
 *   sources and synonyms, incremental alter) and groups (list on every broker, describe, delete,
 *   committed offsets).
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
export { Admin, type AdminOptions } from './admin.ts';
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
export { AdminError, type AdminFailure } from './errors.ts';
export type {
  BrokerListing,
  DeletedGroup,
  GroupDescription,
  GroupListing,
  GroupMember,
  GroupOffset,
  GroupOffsets,
  ListedGroup,
  ListGroupsOptions,
} from './groups.ts';
export type { AdminCallOptions, EntryResult } from './results.ts';
export type {
  CreatedTopic,
  CreateTopicsOptions,
  DeletedTopic,
  PartitionDescription,
  TopicDescription,
  TopicToDelete,
} from './topics.ts';
