// Named values of protocol fields, from the hand-maintained spec/enums.json (values from Kafka's Java sources).
import { readFileSync } from 'node:fs';
import { Code, docComment } from './code.ts';
import type { FieldSpec, MessageSpec } from './spec.ts';
import { quote } from './types.ts';

const TYPES = { int8: 8, int16: 16, int32: 32, int64: 64, string: 0 } as const;
type EnumType = keyof typeof TYPES;

export interface EnumSpec {
  readonly name: string;
  /** The Java class (or constants) the values come from. */
  readonly java: string;
  readonly type: EnumType;
  readonly doc: string;
  readonly values: ReadonlyArray<readonly [string, number | string]>;
  /** Spec fields holding these values, as `Message.Field`. */
  readonly fields: readonly string[];
}

function fail(name: string, problem: string): never {
  throw new Error(`enums.json: ${name}: ${problem}`);
}

function checkValue(spec: { name: string; type: EnumType }, key: string, value: unknown): number | string {
  if (!/^[A-Z][A-Z0-9_]*$/.test(key)) fail(spec.name, `key ${key} is not UPPER_SNAKE_CASE`);
  if (spec.type === 'string') {
    if (typeof value !== 'string') fail(spec.name, `${key} must be a string`);
    return value;
  }
  const bits = TYPES[spec.type];
  const limit = 2 ** (Math.min(bits, 53) - 1);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < -limit || value >= limit)
    fail(spec.name, `${key} = ${String(value)} is not an ${spec.type}`);
  return value;
}

interface RawEnum {
  name?: unknown;
  java?: unknown;
  type?: unknown;
  doc?: unknown;
  values?: unknown;
  fields?: unknown;
}

function isEnumType(type: unknown): type is EnumType {
  return typeof type === 'string' && Object.hasOwn(TYPES, type);
}

/** Reads and checks `enums.json`: PascalCase names, UPPER_SNAKE keys, values that fit the type, no repeats. */
export function readEnums(path: string): EnumSpec[] {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as { enums: RawEnum[] };
  const names = new Set<string>();
  return raw.enums.map(({ name, java, type, doc, values, fields }) => {
    if (typeof name !== 'string' || !/^[A-Z][A-Za-z]+$/.test(name)) fail(String(name), 'bad name');
    if (names.has(name)) fail(name, 'defined twice');
    names.add(name);
    if (typeof java !== 'string' || typeof doc !== 'string') fail(name, 'needs `java` and `doc`');
    if (!isEnumType(type)) fail(name, `type ${String(type)} is not one of ${Object.keys(TYPES)}`);
    if (!Array.isArray(fields) || fields.length === 0 || !fields.every((f) => typeof f === 'string'))
      fail(name, 'needs `fields`');
    if (typeof values !== 'object' || values === null) fail(name, 'needs `values`');
    const pairs = Object.entries(values).map(
      ([key, value]) => [key, checkValue({ name, type }, key, value)] as const,
    );
    if (new Set(pairs.map(([, value]) => value)).size !== pairs.length) fail(name, 'a value is named twice');
    return { name, java, type, doc, values: pairs, fields };
  });
}

/** Which enum each listed spec field holds; throws when a listed field is missing or of another type. */
export function enumFields(
  enums: readonly EnumSpec[],
  specs: readonly MessageSpec[],
): Map<FieldSpec, string> {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const found = new Map<FieldSpec, string>();
  for (const spec of enums) {
    for (const path of spec.fields) {
      const [messageName = '', fieldName = ''] = path.split('.');
      const message = byName.get(messageName) ?? fail(spec.name, `no message ${messageName}`);
      const matches = [message.root, ...message.structs]
        .flatMap((struct) => struct.fields)
        .filter((field) => field.name === fieldName);
      if (matches.length === 0) fail(spec.name, `${messageName} has no field ${fieldName}`);
      for (const field of matches) {
        const element = field.type.kind === 'array' ? field.type.element : field.type;
        if (element.kind !== 'primitive' || element.name !== spec.type)
          fail(spec.name, `${path} is not of type ${spec.type}`);
        const other = found.get(field);
        if (other !== undefined) fail(spec.name, `${path} is already listed for ${other}`);
        found.set(field, spec.name);
      }
    }
  }
  return found;
}

function literal(type: EnumType, value: number | string): string {
  if (typeof value === 'string') return quote(value);
  return type === 'int64' ? `${value}n` : String(value);
}

/** The body of `enums.ts`: one const object and one type of its values per enum. */
export function enumsBody(enums: readonly EnumSpec[]): Code {
  const body = new Code();
  for (const spec of enums) {
    body.line('');
    docComment(
      body,
      `${spec.doc}\nFrom Kafka's \`${spec.java}\`. In ${spec.fields.map((f) => `\`${f}\``).join(', ')}.`,
    );
    body.openRaw(`export const ${spec.name} = {`);
    for (const [key, value] of spec.values) body.line(`${key}: ${literal(spec.type, value)},`);
    body.close('} as const;');
    docComment(body, `One of the values of {@link ${spec.name}}.`);
    body.line(`export type ${spec.name} = (typeof ${spec.name})[keyof typeof ${spec.name}];`);
  }
  return body;
}
