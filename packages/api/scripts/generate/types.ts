import type { ElementType, FieldSpec, FieldType, MessageSpec, PrimitiveName, StructSpec } from './spec.ts';
import { contains, intersect, type VersionRange, versionCondition } from './versions.ts';

/** What the emitters need to know about the file being generated. */
export interface FileContext {
  readonly message: MessageSpec;
  /** The versions the codecs can run at (the message's validVersions). */
  readonly context: VersionRange | null;
  /** Names a struct's TypeScript type. */
  typeName(struct: StructSpec): string;
  /** Structs whose `isDefault…` function the file needs; filled in while emitting. */
  readonly defaultChecks: Set<StructSpec>;
  /** The enum (from enums.json) whose values a field holds, by field. */
  readonly fieldEnums: ReadonlyMap<FieldSpec, string>;
}

const PRIMITIVE_TS: Record<PrimitiveName, string> = {
  bool: 'boolean',
  int8: 'number',
  int16: 'number',
  int32: 'number',
  int64: 'bigint',
  uint16: 'number',
  uint32: 'number',
  float64: 'number',
  string: 'string',
  bytes: 'Uint8Array',
  records: 'Uint8Array',
  uuid: 'string',
};

/** Fixed wire sizes; variable-length types give their smallest encoding per (classic, compact). */
const PRIMITIVE_MIN_SIZE: Record<PrimitiveName, [number, number]> = {
  bool: [1, 1],
  int8: [1, 1],
  int16: [2, 2],
  int32: [4, 4],
  int64: [8, 8],
  uint16: [2, 2],
  uint32: [4, 4],
  float64: [8, 8],
  string: [2, 1],
  bytes: [4, 1],
  records: [4, 1],
  uuid: [16, 16],
};

export function elementTsType(ctx: FileContext, element: ElementType): string {
  return element.kind === 'primitive' ? PRIMITIVE_TS[element.name] : ctx.typeName(element.struct);
}

/** Records are always `Uint8Array | null` (the contract), other types only when the spec makes them nullable. */
export function typeAllowsNull(field: FieldSpec): boolean {
  return (
    field.nullableVersions !== null || (field.type.kind === 'primitive' && field.type.name === 'records')
  );
}

export function fieldTsType(ctx: FileContext, field: FieldSpec): string {
  const base =
    field.type.kind === 'array'
      ? `${elementTsType(ctx, field.type.element)}[]`
      : elementTsType(ctx, field.type);
  return typeAllowsNull(field) ? `${base} | null` : base;
}

/** Single-quoted TypeScript string literal of `text`. */
export function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function isNullDefault(field: FieldSpec): boolean {
  if (field.defaultValue === 'null') {
    if (field.nullableVersions === null)
      throw new Error(`${field.name}: default null on a non-nullable field`);
    return true;
  }
  // Records have no explicit default; an absent record set is null, as in Kafka's generator.
  return field.type.kind === 'primitive' && field.type.name === 'records' && field.defaultValue === undefined;
}

function numberDefault(raw: string | number | boolean | undefined): number {
  if (raw === undefined || raw === '') return 0;
  const text = String(raw);
  const value = /^-?0x/i.test(text) ? Number.parseInt(text, 16) : Number(text);
  if (!Number.isFinite(value)) throw new Error(`bad numeric default ${text}`);
  return value;
}

function primitiveDefault(name: PrimitiveName, raw: string | number | boolean | undefined): string {
  switch (name) {
    case 'bool':
      return String(raw === true || raw === 'true');
    case 'int64':
      return `${BigInt(raw === undefined || raw === '' ? 0 : String(raw))}n`;
    case 'string':
      return quote(raw === undefined ? '' : String(raw));
    case 'bytes':
      if (raw !== undefined) throw new Error(`unsupported bytes default ${String(raw)}`);
      return 'new Uint8Array(0)';
    case 'records':
      return 'null';
    case 'uuid':
      return 'ZERO_UUID';
    default:
      return String(numberDefault(raw));
  }
}

/** The TypeScript expression of a field's default value. */
export function defaultExpression(ctx: FileContext, field: FieldSpec): string {
  if (isNullDefault(field)) return 'null';
  const type = field.type;
  if (type.kind === 'array') return '[]';
  if (type.kind === 'struct') return `new${ctx.typeName(type.struct)}()`;
  return primitiveDefault(type.name, field.defaultValue);
}

/** An expression that is true when `value` differs from the field's default. */
export function nonDefaultCheck(ctx: FileContext, field: FieldSpec, value: string): string {
  if (isNullDefault(field)) return `${value} !== null`;
  const type = field.type;
  const orNull = typeAllowsNull(field) ? `${value} === null || ` : '';
  if (type.kind === 'array') return `(${orNull}${value}.length !== 0)`;
  if (type.kind === 'struct') {
    ctx.defaultChecks.add(type.struct);
    return `(${orNull}!isDefault${ctx.typeName(type.struct)}(${value}))`;
  }
  if (type.name === 'bytes') return `(${orNull}${value}.length !== 0)`;
  return `${value} !== ${primitiveDefault(type.name, field.defaultValue)}`;
}

/** The smallest encoding of one array element at `flexible`, for the reader's count check. */
export function minElementSize(ctx: FileContext, element: ElementType, flexible: boolean): number {
  if (element.kind === 'primitive') return PRIMITIVE_MIN_SIZE[element.name][flexible ? 1 : 0];
  return minStructSize(ctx, element.struct, flexible);
}

/** The smallest encoding of a struct over the versions of the context that are (or are not) flexible. */
function minStructSize(ctx: FileContext, struct: StructSpec, flexible: boolean): number {
  const range = ctx.context;
  if (range === null) return 1;
  let smallest = Number.POSITIVE_INFINITY;
  for (let version = range.min; version <= range.max; version++) {
    if (contains(ctx.message.flexibleVersions, version) !== flexible) continue;
    smallest = Math.min(smallest, structSizeAt(struct, version, flexible));
  }
  return Number.isFinite(smallest) ? Math.max(1, smallest) : 1;
}

function structSizeAt(struct: StructSpec, version: number, flexible: boolean): number {
  let size = flexible ? 1 : 0; // the tagged-field count
  for (const field of struct.fields) {
    if (field.tag !== null || !contains(field.versions, version)) continue;
    size += fieldSizeAt(field.type, field, version, flexible);
  }
  return size;
}

function fieldSizeAt(type: FieldType, field: FieldSpec, version: number, flexible: boolean): number {
  if (type.kind === 'array') return flexible ? 1 : 4;
  if (type.kind === 'primitive') return PRIMITIVE_MIN_SIZE[type.name][flexible ? 1 : 0];
  if (contains(field.nullableVersions, version)) return 1;
  return structSizeAt(type.struct, version, flexible);
}

/** The condition (an expression of `version`) under which a present field may be null: 'false' for types that cannot be. */
export function nullableCondition(ctx: FileContext, field: FieldSpec): string {
  return typeAllowsNull(field)
    ? versionCondition(field.nullableVersions, presentVersions(ctx, field))
    : 'false';
}

/** The versions in which a field is on the wire: in line, or in its struct's tagged section. */
export function presentVersions(ctx: FileContext, field: FieldSpec): VersionRange | null {
  const versions = field.tag === null ? field.versions : intersect(field.versions, field.taggedVersions);
  return intersect(versions, ctx.context);
}
