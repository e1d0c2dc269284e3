import { errorKind, LkError } from '@lk/wire';
import { ErrorCode, type ErrorCodeInfo, type ErrorName, errorCodeTable } from './generated/error-codes.ts';

/** Every Kafka error code (-1 to 133) with its name, default message and flags, from Kafka 4.3.1. */
export const errorCodes: ReadonlyMap<number, Omit<ErrorCodeInfo, 'code'>> = new Map(
  errorCodeTable.map(({ code, ...info }) => [code, info]),
);

/** The `code` of a {@link KafkaError}: `LK_KAFKA_<NAME>` for every known error, `LK_KAFKA_UNKNOWN_CODE_<n>` otherwise. */
export type KafkaErrorCode = `LK_KAFKA_${ErrorName}` | `LK_KAFKA_UNKNOWN_CODE_${number}`;

/**
 * An error code returned by a broker, with Kafka's classification. `code` is `LK_KAFKA_<NAME>`
 * (e.g. `LK_KAFKA_NOT_LEADER_OR_FOLLOWER`); codes this table does not know become
 * `LK_KAFKA_UNKNOWN_CODE_<n>`, neither retriable nor invalid-metadata.
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
    const info = errorCodes.get(errorCode);
    const errorName = info?.name ?? `UNKNOWN_CODE_${errorCode}`;
    // The broker's message says more than the generic default, so it wins.
    const text = serverMessage ?? (info?.message || 'Unknown error code.');
    super(`LK_KAFKA_${errorName}`, `${errorName} (${errorCode}): ${text}`);
    this.errorCode = errorCode;
    this.errorName = errorName;
    this.retriable = info?.retriable ?? false;
    this.invalidMetadata = info?.invalidMetadata ?? false;
    this.serverMessage = serverMessage;
  }
}

/** The KafkaError for a response's error code, or null for 0 (NONE). */
export function kafkaErrorFor(errorCode: number, serverMessage: string | null = null): KafkaError | null {
  return errorCode === ErrorCode.NONE ? null : new KafkaError(errorCode, serverMessage);
}
