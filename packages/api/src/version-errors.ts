import { EncodeError, errorKind, LkError } from '@lk/wire';

/**
 * A version that the API (or the broker) does not support: outside the spec's validVersions, or
 * no overlap between what the broker and lk support. Code `LK_UNSUPPORTED_VERSION`.
 */
export class UnsupportedVersionError extends LkError<'LK_UNSUPPORTED_VERSION'> {
  static override readonly [errorKind]: string = 'UnsupportedVersionError';
  /** The version asked for, or -1 when negotiation found none. */
  readonly version: number;

  constructor(what: string, version: number, min: number, max: number, detail?: string) {
    const range = max < min ? 'no version at all' : `versions ${min}-${max}`;
    super('LK_UNSUPPORTED_VERSION', detail ?? `${what} v${version} is not supported (${range})`);
    this.version = version;
  }
}

/**
 * A value that cannot be sent at this version: a non-default value in a field the version lacks
 * (and the spec does not mark ignorable), or null where the version does not allow it.
 * Kafka's Java client refuses the same cases. Codes `LK_API_UNSUPPORTED_FIELD`, `LK_API_NULL`.
 */
export class FieldVersionError extends EncodeError<'LK_API_UNSUPPORTED_FIELD' | 'LK_API_NULL'> {
  static override readonly [errorKind]: string = 'FieldVersionError';
  /** The field, as `MessageType.fieldName`. */
  readonly field: string;
  readonly version: number;

  constructor(
    code: 'LK_API_UNSUPPORTED_FIELD' | 'LK_API_NULL',
    message: string,
    field: string,
    version: number,
  ) {
    super(code, message);
    this.field = field;
    this.version = version;
  }
}
