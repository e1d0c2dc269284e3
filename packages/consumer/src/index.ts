/**
 * @lk/consumer: Kafka consumers on @lk/client: classic groups (JoinGroup/SyncGroup with range,
 * round-robin, cooperative-sticky or your own assignor), KIP-848 groups (ConsumerGroupHeartbeat)
 * and manual assignment.
 *
 * The parts are public and free of I/O, for those who build their own loop: the assignors, the
 * consumer protocol's subscription and assignment codec ({@link encodeSubscription} & co.), the
 * members' state ({@link ClassicMember}, {@link ConsumerMember}) and the offset ledger.
 * @module
 */
export {
  type Assignor,
  type AssignorMember,
  type AssignorPartition,
  type AssignorTopics,
  CooperativeStickyAssignor,
  compareMembers,
  type GroupAssignment,
  RangeAssignor,
  RoundRobinAssignor,
} from './assignors/index.ts';
export {
  Consumer,
  type ConsumerConfig,
  type ConsumerEvents,
  type PartitionLag,
  type RebalanceListener,
  type RunOptions,
} from './consumer.ts';
export {
  ASSIGNMENT_VERSION,
  type Assignment,
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
  SUBSCRIPTION_VERSION,
  type Subscription,
} from './consumer-protocol.ts';
export { CommitError, GroupError, LogTruncationError, NoOffsetError } from './errors.ts';
export { type FetchPartitionRequest, FetchSession, type SessionRequest } from './fetch/fetch-session.ts';
export type { PartitionBatch } from './fetch/fetched-batch.ts';
export {
  type AssignmentChange,
  ClassicMember,
  classicAction,
  type JoinedMember,
} from './group/classic-member.ts';
export {
  type ConsumerHeartbeatAnswer,
  type ConsumerHeartbeatFields,
  ConsumerMember,
  type ConsumerSubscription,
  consumerAction,
  newMemberId,
  type OwnedPartition,
  type Reconciliation,
} from './group/consumer-member.ts';
export type { MembershipAction } from './group/membership-action.ts';
export { OffsetLedger } from './offset-ledger.ts';
export {
  type AutoOffsetReset,
  type ConsumerOptions,
  DEFAULT_CONSUMER_OPTIONS,
  type FetchOptions,
  type GroupProtocol,
  type ResolvedConsumerOptions,
  resolveConsumerOptions,
} from './options.ts';
export { groupByTopic, partitionKey, type TopicPartition, type TopicPartitions } from './topic-partition.ts';
