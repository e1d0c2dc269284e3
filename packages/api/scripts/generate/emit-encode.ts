import { Code } from './code.ts';
import { openCodec } from './codec-function.ts';
import { camelCase } from './naming.ts';
import type { FieldSpec, StructSpec } from './spec.ts';
import {
  type FileContext,
  nonDefaultCheck,
  nullableCondition,
  presentVersions,
  typeAllowsNull,
} from './types.ts';
import { versionCondition } from './versions.ts';
import { type LengthStyle, lengthStyle, primitiveMethod } from './wire-methods.ts';

/** Emits `encode<Type>(w, v, version)`: straight-line writes with `version` branches. */
export function emitEncoder(code: Code, ctx: FileContext, struct: StructSpec): void {
  const typeName = ctx.typeName(struct);
  const body = new Code();
  for (const field of struct.fields) if (field.tag === null) emitInlineField(body, ctx, typeName, field);
  emitTaggedSection(body, ctx, typeName, struct);
  openCodec(
    code,
    ctx,
    body,
    (param) =>
      `function encode${typeName}(${param('w')}: Writer, ${param('v')}: ${typeName}, ${param('version')}: number): void`,
  );
}

function emitInlineField(body: Code, ctx: FileContext, typeName: string, field: FieldSpec): void {
  const present = presentVersions(ctx, field);
  const condition = versionCondition(present, ctx.context);
  const value = `v.${camelCase(field.name)}`;
  const path = `${typeName}.${camelCase(field.name)}`;
  const style = lengthStyle(ctx, field, present);
  if (condition === 'true') {
    emitWrite(body, ctx, field, value, 'w', style, path);
    return;
  }
  const refuse = field.ignorable ? null : nonDefaultCheck(ctx, field, value);
  if (condition === 'false') {
    if (refuse !== null)
      body.open(`if (${refuse})`).line(`throw unsupportedField('${path}', version);`).close();
    return;
  }
  body.open(`if (${condition})`);
  emitWrite(body, ctx, field, value, 'w', style, path);
  if (refuse !== null) body.reopen(`else if (${refuse})`).line(`throw unsupportedField('${path}', version);`);
  body.close();
}

function emitTaggedSection(body: Code, ctx: FileContext, typeName: string, struct: StructSpec): void {
  const flexible = versionCondition(ctx.message.flexibleVersions, ctx.context);
  if (flexible === 'false') return;
  const tagged = struct.fields.filter((field) => field.tag !== null).sort((a, b) => a.tag! - b.tag!);
  for (const field of tagged) {
    if (field.ignorable) continue;
    const present = versionCondition(presentVersions(ctx, field), ctx.context);
    if (present === 'true') continue;
    const refuse = nonDefaultCheck(ctx, field, `v.${camelCase(field.name)}`);
    const test = present === 'false' ? refuse : `!(${present}) && ${refuse}`;
    body
      .open(`if (${test})`)
      .line(`throw unsupportedField('${typeName}.${camelCase(field.name)}', version);`)
      .close();
  }
  if (flexible !== 'true') body.open('if (flexible)');
  if (tagged.length === 0) {
    body.line('writeTaggedFields(w, null, v.unknownTaggedFields);');
  } else {
    body.line('let _tagged: RawTaggedField[] | null = null;');
    for (const field of tagged) {
      const present = versionCondition(presentVersions(ctx, field), ctx.context);
      if (present === 'false') continue;
      const value = `v.${camelCase(field.name)}`;
      const nonDefault = nonDefaultCheck(ctx, field, value);
      body.open(`if (${present === 'true' ? nonDefault : `${present} && ${nonDefault}`})`);
      body.line('const _t = new Writer(64);');
      emitWrite(body, ctx, field, value, '_t', 'compact', `${typeName}.${camelCase(field.name)}`);
      body.line(`(_tagged ??= []).push({ tag: ${field.tag}, data: _t.finish() });`);
      body.close();
    }
    body.line('writeTaggedFields(w, _tagged, v.unknownTaggedFields);');
  }
  if (flexible !== 'true') body.close();
}

/** A call written for each length style: `w.string(x)` / `w.compactString(x)` / an if-else on `flexible`. */
function styledCall(body: Code, style: LengthStyle, classic: string, compact: string): void {
  if (style === 'classic' || classic === compact) body.line(`${classic};`);
  else if (style === 'compact') body.line(`${compact};`);
  else body.line(`if (flexible) ${compact};`).line(`else ${classic};`);
}

/** Writes `value` of `field` where the field is present. */
function emitWrite(
  body: Code,
  ctx: FileContext,
  field: FieldSpec,
  value: string,
  writer: string,
  style: LengthStyle,
  path: string,
): void {
  const type = field.type;
  const allowsNull = typeAllowsNull(field);
  const nullable = nullableCondition(ctx, field);
  const refuseNull = (): void => {
    if (nullable === 'false') body.line(`throw nullField('${path}', version);`);
    else if (nullable !== 'true') body.line(`if (!(${nullable})) throw nullField('${path}', version);`);
  };
  if (type.kind === 'primitive') {
    if (allowsNull && nullable !== 'true') {
      const test = nullable === 'false' ? `${value} === null` : `${value} === null && !(${nullable})`;
      body.line(`if (${test}) throw nullField('${path}', version);`);
    }
    const classic = primitiveMethod(type.name, false, allowsNull);
    const compact = primitiveMethod(type.name, true, allowsNull);
    styledCall(body, style, `${writer}.${classic}(${value})`, `${writer}.${compact}(${value})`);
    return;
  }
  if (type.kind === 'array') {
    const length = (count: string): void =>
      styledCall(body, style, `${writer}.arrayLength(${count})`, `${writer}.compactArrayLength(${count})`);
    if (allowsNull) {
      body.open(`if (${value} === null)`);
      refuseNull();
      length('null');
      body.reopen('else');
    }
    length(`${value}.length`);
    body.open(`for (const _item of ${value})`);
    const element = type.element;
    if (element.kind === 'struct') {
      body.line(`encode${ctx.typeName(element.struct)}(${writer}, _item, version);`);
    } else {
      const classic = primitiveMethod(element.name, false, false);
      const compact = primitiveMethod(element.name, true, false);
      styledCall(body, style, `${writer}.${classic}(_item)`, `${writer}.${compact}(_item)`);
    }
    body.close();
    if (allowsNull) body.close();
    return;
  }
  const encode = `encode${ctx.typeName(type.struct)}(${writer}, ${value}, version);`;
  if (!allowsNull) {
    body.line(encode);
    return;
  }
  // A nullable struct carries an int8 marker (-1 null, 1 present) in the versions where it is nullable.
  body.open(`if (${value} === null)`);
  refuseNull();
  body.line(`${writer}.int8(-1);`);
  body.reopen('else');
  if (nullable === 'true') body.line(`${writer}.int8(1);`);
  else if (nullable !== 'false') body.line(`if (${nullable}) ${writer}.int8(1);`);
  body.line(encode);
  body.close();
}
