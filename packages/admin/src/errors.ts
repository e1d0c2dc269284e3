import type { KafkaError } from '@lk/api';
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
