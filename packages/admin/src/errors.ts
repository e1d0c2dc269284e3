import { ErrorCode, type GroupState, KafkaError } from '@lk/api';
import { errorKind, LkError } from '@lk/wire';

/** One entry of an admin operation that the broker refused. */
export interface AdminFailure {
  /** What failed: a topic, group, config resource or broker, as `kind:name`. */
  readonly subject: string;
  readonly error: KafkaError;
}

/**
 * Thrown by an {@link Admin} operation called with `{ throwOnError: true }` when any of its
 * entries failed (`LK_ADMIN_FAILED`). `failures` lists each failed entry with its `KafkaError`;
 * the entries that succeeded were applied.
 *
 * @example
 * ```ts
 * try {
 *   await admin.deleteTopics(['a', 'b'], { throwOnError: true });
 * } catch (error) {
 *   if (error instanceof AdminError) for (const f of error.failures) console.log(f.subject, f.error.errorName);
 * }
 * ```
 */
export class AdminError extends LkError {
  static override readonly [errorKind]: string = 'AdminError';
  /** The operation, e.g. `deleteTopics`. */
  readonly operation: string;
  readonly failures: readonly AdminFailure[];

  constructor(operation: string, failures: readonly AdminFailure[]) {
    const list = failures.map((f) => `${f.subject}: ${f.error.errorName}`).join(', ');
    super(
      'LK_ADMIN_FAILED',
      `${operation} failed for ${failures.length} entr${failures.length === 1 ? 'y' : 'ies'}: ${list}`,
    );
    this.operation = operation;
    this.failures = failures;
  }
}

/**
 * Thrown by {@link Admin.resetGroupOffsets} for a group that has members (`LK_ADMIN_GROUP_NOT_EMPTY`):
 * Kafka resets offsets only of a group without members. Nothing was committed. `cause` is the
 * broker's NON_EMPTY_GROUP.
 */
export class GroupNotEmptyError extends LkError {
  static override readonly [errorKind]: string = 'GroupNotEmptyError';
  readonly groupId: string;
  /** The group's state, e.g. `Stable`. */
  readonly state: GroupState;

  constructor(groupId: string, state: GroupState) {
    super(
      'LK_ADMIN_GROUP_NOT_EMPTY',
      `group ${groupId} is ${state}: offsets are reset only in a group without members (stop its consumers first)`,
      { cause: new KafkaError(ErrorCode.NON_EMPTY_GROUP, null) },
    );
    this.groupId = groupId;
    this.state = state;
  }
}
