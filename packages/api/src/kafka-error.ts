import { errorKind, LkError } from '@lk/wire';
import {
  ErrorCode,
  type ErrorName,
  invalidMetadataErrorCodes,
  retriableErrorCodes,
} from './generated/error-codes.ts';

/** The name of every known code; the default messages stay out (see `errorCodes`). */
const errorNames: ReadonlyMap<number, ErrorName> = /*@__PURE__*/ new Map(
  (Object.entries(ErrorCode) as [ErrorName, ErrorCode][]).map(([name, code]) => [code, name]),
);

/** The `code` of a {@link KafkaError}: `LK_KAFKA_<NAME>` for every known error, `LK_KAFKA_UNKNOWN_CODE_<n>` otherwise. */
export type KafkaErrorCode = `LK_KAFKA_${ErrorName}` | `LK_KAFKA_UNKNOWN_CODE_${number}`;

/**
 * An error code returned by a broker, with Kafka's classification. `code` is `LK_KAFKA_<NAME>`
 * (e.g. `LK_KAFKA_NOT_LEADER_OR_FOLLOWER`); codes this table does not know become
 * `LK_KAFKA_UNKNOWN_CODE_<n>`, neither retriable nor invalid-metadata. The message is
 * `NAME (code)`, then the broker's own message when it sent one; Kafka's default description of a
 * code is in @lk/api's `errorCodes`, kept out of this class so that client bundles stay small.
 */
export class KafkaError extends LkError<KafkaErrorCode> {
  static override readonly [errorKind]: string = 'KafkaError';
  readonly errorCode: number;
  /** The Java enum name, e.g. `UNKNOWN_TOPIC_OR_PARTITION` (`UNKNOWN_CODE_<n>` for codes this table does not know). */
  readonly errorName: ErrorName | `UNKNOWN_CODE_${number}`;
  /** Sending the same request again may succeed. */
  readonly retriable: boolean;
  /** Cluster metadata is stale: refresh it, then retry. */
  readonly invalidMetadata: boolean;
  /** The broker's own message (e.g. a response's ErrorMessage), when it sent one. */
  readonly serverMessage: string | null;

  constructor(errorCode: number, serverMessage: string | null = null) {
    const errorName = errorNames.get(errorCode) ?? `UNKNOWN_CODE_${errorCode}`;
    const text = serverMessage === null ? '' : `: ${serverMessage}`;
    super(`LK_KAFKA_${errorName}`, `${errorName} (${errorCode})${text}`);
    this.errorCode = errorCode;
    this.errorName = errorName;
    this.retriable = retriableErrorCodes.has(errorCode);
    this.invalidMetadata = invalidMetadataErrorCodes.has(errorCode);
    this.serverMessage = serverMessage;
  }
}

/** The KafkaError for a response's error code, or null for 0 (NONE). */
export function kafkaErrorFor(errorCode: number, serverMessage: string | null = null): KafkaError | null {
  return errorCode === ErrorCode.NONE ? null : new KafkaError(errorCode, serverMessage);
}
