import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseVersions, type VersionRange } from './versions.ts';

/** The primitive types of the Kafka message specs. */
export const PRIMITIVES = [
  'bool',
  'int8',
  'int16',
  'int32',
  'int64',
  'uint16',
  'uint32',
  'float64',
  'string',
  'bytes',
  'records',
  'uuid',
] as const;
export type PrimitiveName = (typeof PRIMITIVES)[number];

/** What an array holds, or a field's own type when it is not an array. */
export type ElementType = { kind: 'primitive'; name: PrimitiveName } | { kind: 'struct'; struct: StructSpec };
export type FieldType = ElementType | { kind: 'array'; element: ElementType };

/** One field of a struct, with every version range resolved. */
export interface FieldSpec {
  /** The spec name, e.g. `ThrottleTimeMs`. */
  readonly name: string;
  readonly about: string;
  readonly type: FieldType;
  /** Versions in which the field is on the wire (in line, or tagged). */
  readonly versions: VersionRange | null;
  readonly nullableVersions: VersionRange | null;
  /** The tag, for tagged fields; null for fields written in line. */
  readonly tag: number | null;
  readonly taggedVersions: VersionRange | null;
  readonly ignorable: boolean;
  /** The spec's `default`, as written (string, number or boolean); undefined when implicit. */
  readonly defaultValue: string | number | boolean | undefined;
  readonly entityType: string | undefined;
  /** The field's own `flexibleVersions`, overriding the message's (RequestHeader.ClientId); undefined when inherited. */
  readonly flexibleVersions: VersionRange | null | undefined;
}

/** A struct: the top level of a message, a nested `fields` block or a `commonStructs` entry. */
export interface StructSpec {
  /** The spec's type name (`TopicProduceData`), or the message name for the top level. */
  readonly specName: string;
  readonly fields: FieldSpec[];
}

/** One JSON spec file. */
export interface MessageSpec {
  readonly fileName: string;
  /** `ProduceRequest`, `RequestHeader`, `ConsumerProtocolSubscription`... */
  readonly name: string;
  readonly kind: 'request' | 'response' | 'header' | 'data';
  readonly apiKey: number | undefined;
  readonly validVersions: VersionRange | null;
  readonly flexibleVersions: VersionRange | null;
  readonly listeners: string[];
  readonly latestVersionUnstable: boolean;
  readonly root: StructSpec;
  /** Every struct besides the root, in order of first appearance. */
  readonly structs: StructSpec[];
}

interface RawField {
  name: string;
  type: string;
  versions?: string;
  nullableVersions?: string;
  tag?: number;
  taggedVersions?: string;
  ignorable?: boolean;
  default?: string | number | boolean;
  entityType?: string;
  flexibleVersions?: string;
  about?: string;
  fields?: RawField[];
}

interface RawSpec {
  apiKey?: number;
  type: MessageSpec['kind'];
  name: string;
  validVersions: string;
  flexibleVersions?: string;
  listeners?: string[];
  latestVersionUnstable?: boolean;
  fields?: RawField[];
  commonStructs?: { name: string; versions?: string; fields: RawField[] }[];
}

/** Kafka's spec files carry whole-line `//` comments (the license header); JSON.parse needs them gone. */
export function stripComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*\/\//.test(line))
    .join('\n');
}

/** Reads every `*.json` spec in `dir`, sorted by file name so output order never depends on the file system. */
export function loadSpecs(dir: string): MessageSpec[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) =>
      parseSpec(file, JSON.parse(stripComments(readFileSync(join(dir, file), 'utf8'))) as RawSpec),
    );
}

function parseSpec(fileName: string, raw: RawSpec): MessageSpec {
  const structs: StructSpec[] = [];
  const common = new Map<string, RawField[]>();
  for (const entry of raw.commonStructs ?? []) common.set(entry.name, entry.fields);
  const built = new Map<string, StructSpec>();

  const structFor = (typeName: string, inline: RawField[] | undefined): StructSpec => {
    const existing = built.get(typeName);
    if (existing !== undefined) {
      if (inline !== undefined && !common.has(typeName))
        throw new Error(`${fileName}: struct ${typeName} is defined twice`);
      return existing;
    }
    const fields = inline ?? common.get(typeName);
    if (fields === undefined) throw new Error(`${fileName}: unknown struct type ${typeName}`);
    const struct: StructSpec = { specName: typeName, fields: [] };
    built.set(typeName, struct);
    structs.push(struct);
    struct.fields.push(...fields.map(parseField));
    return struct;
  };

  const elementType = (typeName: string, inline: RawField[] | undefined): ElementType => {
    if ((PRIMITIVES as readonly string[]).includes(typeName)) {
      if (inline !== undefined) throw new Error(`${fileName}: primitive ${typeName} with fields`);
      return { kind: 'primitive', name: typeName as PrimitiveName };
    }
    if (!/^[A-Z]/.test(typeName)) throw new Error(`${fileName}: unknown type ${typeName}`);
    return { kind: 'struct', struct: structFor(typeName, inline) };
  };

  const parseField = (field: RawField): FieldSpec => {
    const type: FieldType = field.type.startsWith('[]')
      ? { kind: 'array', element: elementType(field.type.slice(2), field.fields) }
      : elementType(field.type, field.fields);
    const versions = parseVersions(field.versions, null);
    if (field.versions === undefined) throw new Error(`${fileName}: field ${field.name} has no versions`);
    return {
      name: field.name,
      about: field.about ?? '',
      type,
      versions,
      nullableVersions: parseVersions(field.nullableVersions, null),
      tag: field.tag ?? null,
      taggedVersions: field.tag === undefined ? null : parseVersions(field.taggedVersions, versions),
      ignorable: field.ignorable === true,
      defaultValue: field.default,
      entityType: field.entityType,
      flexibleVersions:
        field.flexibleVersions === undefined ? undefined : parseVersions(field.flexibleVersions, null),
    };
  };

  const root: StructSpec = { specName: raw.name, fields: (raw.fields ?? []).map(parseField) };
  return {
    fileName,
    name: raw.name,
    kind: raw.type,
    apiKey: raw.apiKey,
    validVersions: parseVersions(raw.validVersions, null),
    flexibleVersions: parseVersions(raw.flexibleVersions, null),
    listeners: raw.listeners ?? [],
    latestVersionUnstable: raw.latestVersionUnstable === true,
    root,
    structs,
  };
}
