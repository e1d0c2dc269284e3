import { errorCodes } from '@lk/api';

const byName = new Map([...errorCodes].map(([code, info]) => [info.name, code]));

function code(name: string): number {
  const value = byName.get(name);
  if (value === undefined) throw new Error(`@lk/api has no error code named ${name}`);
  return value;
}

/** The Kafka error codes the consumer decides on, by their Java names (from @lk/api's table). */
export const ErrorCode = {
  NONE: code('NONE'),
  OFFSET_OUT_OF_RANGE: code('OFFSET_OUT_OF_RANGE'),
  NOT_COORDINATOR: code('NOT_COORDINATOR'),
  COORDINATOR_NOT_AVAILABLE: code('COORDINATOR_NOT_AVAILABLE'),
  COORDINATOR_LOAD_IN_PROGRESS: code('COORDINATOR_LOAD_IN_PROGRESS'),
  ILLEGAL_GENERATION: code('ILLEGAL_GENERATION'),
  UNKNOWN_MEMBER_ID: code('UNKNOWN_MEMBER_ID'),
  REBALANCE_IN_PROGRESS: code('REBALANCE_IN_PROGRESS'),
  FENCED_INSTANCE_ID: code('FENCED_INSTANCE_ID'),
  MEMBER_ID_REQUIRED: code('MEMBER_ID_REQUIRED'),
  FENCED_MEMBER_EPOCH: code('FENCED_MEMBER_EPOCH'),
  UNRELEASED_INSTANCE_ID: code('UNRELEASED_INSTANCE_ID'),
  STALE_MEMBER_EPOCH: code('STALE_MEMBER_EPOCH'),
  UNSUPPORTED_VERSION: code('UNSUPPORTED_VERSION'),
  GROUP_ID_NOT_FOUND: code('GROUP_ID_NOT_FOUND'),
  FENCED_LEADER_EPOCH: code('FENCED_LEADER_EPOCH'),
  UNKNOWN_LEADER_EPOCH: code('UNKNOWN_LEADER_EPOCH'),
  NOT_LEADER_OR_FOLLOWER: code('NOT_LEADER_OR_FOLLOWER'),
  UNKNOWN_TOPIC_OR_PARTITION: code('UNKNOWN_TOPIC_OR_PARTITION'),
  UNKNOWN_TOPIC_ID: code('UNKNOWN_TOPIC_ID'),
  FETCH_SESSION_ID_NOT_FOUND: code('FETCH_SESSION_ID_NOT_FOUND'),
  INVALID_FETCH_SESSION_EPOCH: code('INVALID_FETCH_SESSION_EPOCH'),
  FETCH_SESSION_TOPIC_ID_ERROR: code('FETCH_SESSION_TOPIC_ID_ERROR'),
  OFFSET_MOVED_TO_TIERED_STORAGE: code('OFFSET_MOVED_TO_TIERED_STORAGE'),
  INCONSISTENT_TOPIC_ID: code('INCONSISTENT_TOPIC_ID'),
} as const;

/** Errors after which the coordinator must be looked up again; the request was not processed. */
export const COORDINATOR_MOVED: ReadonlySet<number> = new Set([
  ErrorCode.NOT_COORDINATOR,
  ErrorCode.COORDINATOR_NOT_AVAILABLE,
  ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
]);
