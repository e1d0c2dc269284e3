// Kafka error codes by name, looked up in @lk/api's error table so that no code here is a bare number.
// TODO(names): replace with @lk/api's generated ErrorCode once it lands.
import { errorCodes } from '@lk/api';

const NAMES = [
  'UNKNOWN_SERVER_ERROR',
  'NONE',
  'OFFSET_OUT_OF_RANGE',
  'CORRUPT_MESSAGE',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_OR_FOLLOWER',
  'REQUEST_TIMED_OUT',
  'MESSAGE_TOO_LARGE',
  'COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR',
  'INVALID_TOPIC_EXCEPTION',
  'INVALID_REQUIRED_ACKS',
  'ILLEGAL_GENERATION',
  'INCONSISTENT_GROUP_PROTOCOL',
  'INVALID_GROUP_ID',
  'UNKNOWN_MEMBER_ID',
  'INVALID_SESSION_TIMEOUT',
  'REBALANCE_IN_PROGRESS',
  'UNSUPPORTED_SASL_MECHANISM',
  'ILLEGAL_SASL_STATE',
  'UNSUPPORTED_VERSION',
  'TOPIC_ALREADY_EXISTS',
  'INVALID_PARTITIONS',
  'INVALID_REPLICATION_FACTOR',
  'INVALID_REPLICA_ASSIGNMENT',
  'INVALID_CONFIG',
  'INVALID_REQUEST',
  'UNSUPPORTED_FOR_MESSAGE_FORMAT',
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'DUPLICATE_SEQUENCE_NUMBER',
  'INVALID_PRODUCER_EPOCH',
  'SASL_AUTHENTICATION_FAILED',
  'UNKNOWN_PRODUCER_ID',
  'NON_EMPTY_GROUP',
  'GROUP_ID_NOT_FOUND',
  'FETCH_SESSION_ID_NOT_FOUND',
  'INVALID_FETCH_SESSION_EPOCH',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'MEMBER_ID_REQUIRED',
  'FENCED_INSTANCE_ID',
  'INVALID_RECORD',
  'UNKNOWN_TOPIC_ID',
  'INCONSISTENT_TOPIC_ID',
  'FENCED_MEMBER_EPOCH',
  'UNRELEASED_INSTANCE_ID',
  'UNSUPPORTED_ASSIGNOR',
  'STALE_MEMBER_EPOCH',
  'RESOURCE_NOT_FOUND',
  'GROUP_SUBSCRIBED_TO_TOPIC',
  'INVALID_TRANSACTION_TIMEOUT',
  'TRANSACTIONAL_ID_NOT_FOUND',
  'PRODUCER_FENCED',
  'UNKNOWN_SUBSCRIPTION_ID',
] as const;

/** The Kafka error names the fake answers with. */
export type ErrorName = (typeof NAMES)[number];

function byName(): Readonly<Record<ErrorName, number>> {
  const codes = new Map([...errorCodes].map(([code, info]) => [info.name, code]));
  const table = {} as Record<ErrorName, number>;
  for (const name of NAMES) {
    const code = codes.get(name);
    if (code === undefined) throw new Error(`@lk/api's error table has no ${name}`);
    table[name] = code;
  }
  return Object.freeze(table);
}

/** Kafka error codes by their Java enum name, e.g. `ErrorCode.NOT_LEADER_OR_FOLLOWER`. */
export const ErrorCode = byName();
