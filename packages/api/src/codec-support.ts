// Helpers the generated codecs call; kept here so that the generated files hold no shared logic.
import { DecodeError, type RawTaggedField, type Reader, type Writer } from '@lk/wire';
import { FieldVersionError } from './version-errors.ts';

/** A non-default value in a field that `version` lacks and that is not ignorable. */
export function unsupportedField(field: string, version: number): FieldVersionError {
  return new FieldVersionError(
    'LK_API_UNSUPPORTED_FIELD',
    `${field} is set to a non-default value but does not exist in version ${version}`,
    field,
    version,
  );
}

/** Null in a field that `version` does not allow to be null. */
export function nullField(field: string, version: number): FieldVersionError {
  return new FieldVersionError(
    'LK_API_NULL',
    `${field} cannot be null in version ${version}`,
    field,
    version,
  );
}

/** A null (-1) count for an array that may not be null. */
export function nullArray(field: string, offset: number): DecodeError {
  return new DecodeError('LK_API_NULL', `null array in non-nullable ${field}`, offset);
}

const NO_FIELDS: readonly RawTaggedField[] = [];

/**
 * Reads the tagged-field section of a struct that knows none of its tags at this version: every
 * field is kept raw, to be written back unchanged. Null when the section is empty. Each field
 * consumes at least its tag and size bytes, so a hostile count cannot spin.
 */
export function readUnknownTaggedFields(r: Reader): RawTaggedField[] | null {
  let unknown: RawTaggedField[] | null = null;
  const count = r.uvarint();
  for (let i = 0; i < count; i++) {
    const tag = r.uvarint();
    const size = r.uvarint();
    (unknown ??= []).push({ tag, data: r.raw(size) });
  }
  return unknown;
}

/**
 * Writes a tagged-field section from the known fields that differ from their defaults and the
 * unknown ones kept from decoding, in ascending tag order (the Writer sorts and rejects duplicates).
 */
export function writeTaggedFields(
  writer: Writer,
  known: RawTaggedField[] | null,
  unknown: readonly RawTaggedField[] | undefined,
): void {
  if (known === null) writer.taggedFields(unknown ?? NO_FIELDS);
  else if (unknown === undefined || unknown.length === 0) writer.taggedFields(known);
  else writer.taggedFields([...known, ...unknown]);
}
