import { Code } from './code.ts';
import { openCodec } from './codec-function.ts';
import { camelCase, localName } from './naming.ts';
import type { FieldSpec, StructSpec } from './spec.ts';
import {
  defaultExpression,
  elementTsType,
  type FileContext,
  fieldTsType,
  minElementSize,
  nullableCondition,
  presentVersions,
  typeAllowsNull,
} from './types.ts';
import { versionCondition } from './versions.ts';
import { byStyle, type LengthStyle, lengthStyle, primitiveMethod } from './wire-methods.ts';

/**
 * Emits `decode<Type>(r, version)`: reads the fields present in `version` in wire order, fills the
 * others with their defaults, then reads the tagged-field section, keeping unknown tags.
 */
export function emitDecoder(code: Code, ctx: FileContext, struct: StructSpec): void {
  const typeName = ctx.typeName(struct);
  const body = new Code();
  const tagged = struct.fields.filter((field) => field.tag !== null).sort((a, b) => a.tag! - b.tag!);
  for (const field of struct.fields) {
    if (field.tag === null) emitInlineField(body, ctx, typeName, field);
    else emitTaggedLocal(body, ctx, field);
  }
  const flexible = versionCondition(ctx.message.flexibleVersions, ctx.context);
  const hasTaggedSection = flexible !== 'false';
  if (hasTaggedSection) emitTaggedSection(body, ctx, typeName, tagged, flexible);
  const entries = struct.fields.map((field) => {
    const key = camelCase(field.name);
    let local = localName(field);
    if (field.tag !== null && field.type.kind === 'struct' && !typeAllowsNull(field)) {
      local = `${local} ?? ${defaultExpression(ctx, field)}`;
    }
    return key === local ? key : `${key}: ${local}`;
  });
  const literal = entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  if (hasTaggedSection) {
    body.line(`const result: ${typeName} = ${literal};`);
    body.line('if (_unknown !== null) result.unknownTaggedFields = _unknown;');
    body.line('return result;');
  } else {
    body.line(`return ${literal};`);
  }
  openCodec(
    code,
    ctx,
    body,
    (param) => `function decode${typeName}(${param('r')}: Reader, ${param('version')}: number): ${typeName}`,
  );
}

function emitInlineField(body: Code, ctx: FileContext, typeName: string, field: FieldSpec): void {
  const present = presentVersions(ctx, field);
  const condition = versionCondition(present, ctx.context);
  const local = localName(field);
  const style = lengthStyle(ctx, field, present);
  const path = `${typeName}.${camelCase(field.name)}`;
  const simple = field.type.kind !== 'array';
  if (condition === 'true' && simple) {
    body.line(`const ${local} = ${readExpression(ctx, field, 'r', style)};`);
    return;
  }
  if (condition === 'false') {
    body.line(`const ${local}: ${fieldTsType(ctx, field)} = ${defaultExpression(ctx, field)};`);
    return;
  }
  if (simple) {
    const read = readExpression(ctx, field, 'r', style);
    body.line(`const ${local} = ${condition} ? ${read} : ${defaultExpression(ctx, field)};`);
    return;
  }
  body.line(`let ${local}: ${fieldTsType(ctx, field)};`);
  if (condition === 'true') body.openBlock();
  else body.open(`if (${condition})`);
  emitArrayRead(body, ctx, field, local, 'r', style, path);
  if (condition !== 'true') {
    body.reopen('else');
    body.line(`${local} = ${defaultExpression(ctx, field)};`);
  }
  body.close();
}

/** Tagged fields start at their default and are overwritten if their tag is read. */
function emitTaggedLocal(body: Code, ctx: FileContext, field: FieldSpec): void {
  const local = localName(field);
  if (field.type.kind === 'struct' && !typeAllowsNull(field)) {
    // Allocated only when the tag is absent (see the result literal), not for every decode.
    body.line(`let ${local}: ${fieldTsType(ctx, field)} | null = null;`);
    return;
  }
  body.line(`let ${local}: ${fieldTsType(ctx, field)} = ${defaultExpression(ctx, field)};`);
}

function emitTaggedSection(
  body: Code,
  ctx: FileContext,
  typeName: string,
  tagged: FieldSpec[],
  flexible: string,
): void {
  const known = tagged.filter(
    (field) => versionCondition(presentVersions(ctx, field), ctx.context) !== 'false',
  );
  if (known.length === 0) {
    // Nothing to pick out: every field is kept raw, by the shared reader.
    const read =
      flexible === 'true' ? 'readUnknownTaggedFields(r)' : 'flexible ? readUnknownTaggedFields(r) : null';
    body.line(`const _unknown = ${read};`);
    return;
  }
  body.line('let _unknown: RawTaggedField[] | null = null;');
  if (flexible !== 'true') body.open('if (flexible)');
  // Each field consumes at least its tag and size bytes, so a hostile count cannot spin.
  body.line('const _count = r.uvarint();');
  body.open('for (let _i = 0; _i < _count; _i++)');
  body.line('const _tag = r.uvarint();');
  body.line('const _size = r.uvarint();');
  let first = true;
  for (const field of known) {
    const present = versionCondition(presentVersions(ctx, field), ctx.context);
    const test = present === 'true' ? `_tag === ${field.tag}` : `_tag === ${field.tag} && ${present}`;
    if (first) body.open(`if (${test})`);
    else body.reopen(`else if (${test})`);
    first = false;
    const local = localName(field);
    body.line('const _t = r.sub(_size);');
    if (field.type.kind === 'array') {
      emitArrayRead(body, ctx, field, local, '_t', 'compact', `${typeName}.${camelCase(field.name)}`);
    } else {
      body.line(`${local} = ${readExpression(ctx, field, '_t', 'compact')};`);
    }
    body.line(`_t.expectEnd('tagged field ${field.tag} of ${typeName}');`);
  }
  body.reopen('else');
  body.line('(_unknown ??= []).push({ tag: _tag, data: r.raw(_size) });');
  body.close();
  body.close();
  if (flexible !== 'true') body.close();
}

/** The read expression of a non-array field at the versions where it is present. */
function readExpression(ctx: FileContext, field: FieldSpec, reader: string, style: LengthStyle): string {
  const type = field.type;
  const nullable = nullableCondition(ctx, field);
  if (type.kind === 'primitive') {
    const read = (isNullable: boolean): string =>
      byStyle(
        style,
        `${reader}.${primitiveMethod(type.name, false, isNullable)}()`,
        `${reader}.${primitiveMethod(type.name, true, isNullable)}()`,
      );
    if (nullable === 'true' || nullable === 'false') return read(nullable === 'true');
    return `(${nullable} ? ${read(true)} : ${read(false)})`;
  }
  if (type.kind === 'array') throw new Error('arrays are read by emitArrayRead');
  const decode = `decode${ctx.typeName(type.struct)}(${reader}, version)`;
  if (nullable === 'false') return decode;
  const marked = `(${reader}.int8() < 0 ? null : ${decode})`;
  return nullable === 'true' ? marked : `(${nullable} ? ${marked} : ${decode})`;
}

/** Reads an array into `target`: a checked count (null when -1), then each element. */
function emitArrayRead(
  body: Code,
  ctx: FileContext,
  field: FieldSpec,
  target: string,
  reader: string,
  style: LengthStyle,
  path: string,
): void {
  if (field.type.kind !== 'array') throw new Error('not an array');
  const element = field.type.element;
  const classic = `${reader}.arrayLength(${minElementSize(ctx, element, false)})`;
  const compact = `${reader}.compactArrayLength(${minElementSize(ctx, element, true)})`;
  body.line(`const _count = ${byStyle(style, classic, compact)};`);
  const nullable = nullableCondition(ctx, field);
  body.open('if (_count < 0)');
  if (nullable === 'false') body.line(`throw nullArray('${path}', ${reader}.pos);`);
  else {
    if (nullable !== 'true') body.line(`if (!(${nullable})) throw nullArray('${path}', ${reader}.pos);`);
    body.line(`${target} = null;`);
  }
  body.reopen('else');
  const elementType = elementTsType(ctx, element);
  const read =
    element.kind === 'struct'
      ? `decode${ctx.typeName(element.struct)}(${reader}, version)`
      : byStyle(
          style,
          `${reader}.${primitiveMethod(element.name, false, false)}()`,
          `${reader}.${primitiveMethod(element.name, true, false)}()`,
        );
  body.line(`const _items: ${elementType}[] = [];`);
  body.line(`for (let _i = 0; _i < _count; _i++) _items.push(${read});`);
  body.line(`${target} = _items;`);
  body.close();
}
