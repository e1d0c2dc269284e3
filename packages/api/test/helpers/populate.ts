// Builds message values from the schema: every field present at a version set to a non-default
// value (or null/empty, in the "sparse" variant), tagged fields set, one unknown tagged field per
// struct. The round-trip tests encode and decode these at every version.
import { type RawTaggedField, readUuid } from '@lk/wire';
import { camelCase, structTypeName } from '../../scripts/generate/naming.ts';
import type {
  ElementType,
  FieldSpec,
  MessageSpec,
  PrimitiveName,
  StructSpec,
} from '../../scripts/generate/spec.ts';
import { contains } from '../../scripts/generate/versions.ts';
import * as lk from '../../src/index.ts';

/** 'full': every value set, arrays of two; 'sparse': nulls where nullable, empty arrays. */
export type Variant = 'full' | 'sparse';

type Value = unknown;
type Struct = Record<string, Value>;

const SAMPLE_UUID = readUuid(
  Uint8Array.from({ length: 16 }, (_, i) => i + 1),
  0,
);

const constructors = lk as unknown as Record<string, () => Struct>;

/** The generated `new<Type>()` of a struct: its defaults, from the code under test's own constructors. */
function defaults(message: MessageSpec, struct: StructSpec): Struct {
  const create = constructors[`new${structTypeName(message, struct)}`];
  if (create === undefined) throw new Error(`no constructor for ${structTypeName(message, struct)}`);
  return create();
}

export function isFlexible(message: MessageSpec, version: number): boolean {
  return contains(message.flexibleVersions, version);
}

function isPresent(message: MessageSpec, field: FieldSpec, version: number): boolean {
  if (!contains(field.versions, version)) return false;
  return field.tag === null || (contains(field.taggedVersions, version) && isFlexible(message, version));
}

function primitive(name: PrimitiveName, current: Value, salt: number): Value {
  switch (name) {
    case 'bool':
      return !current;
    case 'int8':
      return 7 + salt;
    case 'int16':
      return 300 + salt;
    case 'int32':
      return 70_000 + salt;
    case 'int64':
      return 1_234_567_890_123n + BigInt(salt);
    case 'uint16':
      return 65_000 + salt;
    case 'uint32':
      return 4_000_000_000 + salt;
    case 'float64':
      return 1.5 + salt;
    case 'string':
      return `lk-${salt}-é`;
    case 'bytes':
      return Uint8Array.of(1, 2, 3, salt & 0xff);
    case 'records':
      return Uint8Array.from({ length: 12 }, (_, i) => (i + salt) & 0xff);
    case 'uuid':
      return SAMPLE_UUID;
  }
}

function element(
  message: MessageSpec,
  type: ElementType,
  version: number,
  variant: Variant,
  salt: number,
): Value {
  if (type.kind === 'struct') return populateStruct(message, type.struct, version, variant, salt);
  return primitive(type.name, undefined, salt);
}

function fieldValue(
  message: MessageSpec,
  field: FieldSpec,
  version: number,
  variant: Variant,
  current: Value,
  salt: number,
): Value {
  const nullable = contains(field.nullableVersions, version);
  if (variant === 'sparse' && nullable) return null;
  const type = field.type;
  if (type.kind === 'array') {
    if (variant === 'sparse') return [];
    return [
      element(message, type.element, version, variant, salt),
      element(message, type.element, version, variant, salt + 1),
    ];
  }
  if (type.kind === 'struct') return populateStruct(message, type.struct, version, variant, salt);
  return primitive(type.name, current, salt);
}

/** A populated struct at `version`: present fields set, absent ones at their defaults. */
export function populateStruct(
  message: MessageSpec,
  struct: StructSpec,
  version: number,
  variant: Variant,
  salt = 1,
): Struct {
  const value = defaults(message, struct);
  struct.fields.forEach((field, index) => {
    if (!isPresent(message, field, version)) return;
    const key = camelCase(field.name);
    value[key] = fieldValue(message, field, version, variant, value[key], salt + index);
  });
  if (isFlexible(message, version)) {
    const knownTags = struct.fields.map((field) => field.tag ?? -1);
    const unknown: RawTaggedField = {
      tag: Math.max(9, ...knownTags) + 1,
      data: Uint8Array.of(0xca, 0xfe, salt & 0xff),
    };
    value.unknownTaggedFields = [unknown];
  }
  return value;
}

/** A populated top-level message. */
export function populate(message: MessageSpec, version: number, variant: Variant): Struct {
  return populateStruct(message, message.root, version, variant);
}
