import { errorKind, LkError } from '@lk/wire';
import type { TopicPartition } from './topic-partition.ts';

/**
 * A partition has no committed offset (or its position is out of range) and `autoOffsetReset` is
 * `'none'` (`LK_CONSUMER_NO_OFFSET`). Seek the partition, or choose `earliest`/`latest`.
 */
export class NoOffsetError extends LkError {
  static override readonly [errorKind]: string = 'NoOffsetError';
  readonly topic: string;
  readonly partition: number;
  /** The position that was out of range, or null when nothing was committed. */
  readonly offset: bigint | null;

  constructor(topic: string, partition: number, offset: bigint | null) {
    super(
      'LK_CONSUMER_NO_OFFSET',
      offset === null
        ? `${topic}/${partition} has no committed offset and autoOffsetReset is 'none'`
        : `offset ${offset} of ${topic}/${partition} is out of range and autoOffsetReset is 'none'`,
    );
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
  }
}

/**
 * The log of a partition was truncated below the consumer's position after a leader change
 * (KIP-320; `LK_CONSUMER_LOG_TRUNCATED`): records the consumer already read are gone from the
 * leader. `divergentOffset` is where the new leader's log ends for the consumer's last epoch; the
 * consumer is left at its position (nothing skipped): seek to continue.
 */
export class LogTruncationError extends LkError {
  static override readonly [errorKind]: string = 'LogTruncationError';
  readonly topic: string;
  readonly partition: number;
  readonly position: bigint;
  readonly divergentOffset: bigint;

  constructor(topic: string, partition: number, position: bigint, divergentOffset: bigint) {
    super(
      'LK_CONSUMER_LOG_TRUNCATED',
      `${topic}/${partition} was truncated to ${divergentOffset} below the position ${position}`,
    );
    this.topic = topic;
    this.partition = partition;
    this.position = position;
    this.divergentOffset = divergentOffset;
  }
}

/**
 * Committing offsets failed (`LK_CONSUMER_COMMIT_FAILED`) for the partitions listed; `cause` is the
 * first error (a KafkaError such as `LK_KAFKA_ILLEGAL_GENERATION`, or a transport error).
 */
export class CommitError extends LkError {
  static override readonly [errorKind]: string = 'CommitError';
  readonly partitions: readonly (TopicPartition & { error: Error })[];

  constructor(partitions: readonly (TopicPartition & { error: Error })[], cause?: unknown) {
    const first = partitions[0];
    super(
      'LK_CONSUMER_COMMIT_FAILED',
      `commit failed for ${partitions.length} partition(s)${first ? `, first ${first.topic}/${first.partition}: ${first.error.message}` : ''}`,
      { cause: cause ?? first?.error },
    );
    this.partitions = partitions;
  }
}

/**
 * The group refused this member for good (`LK_CONSUMER_GROUP_FAILED`): e.g. GROUP_MAX_SIZE_REACHED,
 * INCONSISTENT_GROUP_PROTOCOL, GROUP_AUTHORIZATION_FAILED, UNSUPPORTED_ASSIGNOR, a fatal error of
 * the user's assignor. `cause` is the broker's KafkaError or the thrown error.
 */
export class GroupError extends LkError {
  static override readonly [errorKind]: string = 'GroupError';

  constructor(message: string, cause?: unknown) {
    super('LK_CONSUMER_GROUP_FAILED', message, { cause });
  }
}
