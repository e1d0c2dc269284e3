import { Code, docComment } from './code.ts';
import { emitDecoder } from './emit-decode.ts';
import { emitEncoder } from './emit-encode.ts';
import { camelCase } from './naming.ts';
import type { FieldSpec, StructSpec } from './spec.ts';
import { defaultExpression, type FileContext, fieldTsType, nonDefaultCheck } from './types.ts';
import { formatVersions, intersect } from './versions.ts';

/** The interface of a struct, with each field's `about` and the versions it exists in. */
export function emitInterface(code: Code, ctx: FileContext, struct: StructSpec): void {
  const typeName = ctx.typeName(struct);
  const what =
    struct === ctx.message.root
      ? `${ctx.message.name}, versions ${formatVersions(ctx.context)}.`
      : `The ${struct.specName} struct of ${ctx.message.name}.`;
  docComment(code, what);
  code.open(`export interface ${typeName}`);
  for (const field of struct.fields) {
    docComment(code, fieldDoc(ctx, field));
    code.line(`${camelCase(field.name)}: ${fieldTsType(ctx, field)};`);
  }
  docComment(code, 'Tagged fields this spec does not know, kept as read and written back unchanged.');
  code.line('unknownTaggedFields?: RawTaggedField[];');
  code.close();
}

function fieldDoc(ctx: FileContext, field: FieldSpec): string {
  const about = field.about.trim();
  const notes = [`Versions ${formatVersions(intersect(field.versions, ctx.context) ?? field.versions)}`];
  if (field.nullableVersions !== null)
    notes.push(
      `nullable ${formatVersions(intersect(field.nullableVersions, ctx.context) ?? field.nullableVersions)}`,
    );
  if (field.tag !== null) notes.push(`tagged (tag ${field.tag}) ${formatVersions(field.taggedVersions)}`);
  if (field.ignorable) notes.push('ignorable');
  if (field.entityType !== undefined) notes.push(`entity type ${field.entityType}`);
  if (field.defaultValue !== undefined) notes.push(`default ${JSON.stringify(field.defaultValue)}`);
  const named = ctx.fieldEnums.get(field);
  if (named !== undefined) notes.push(`values named by \`${named}\``);
  const sentence = about === '' || /[.!?]$/.test(about) ? about : `${about}.`;
  return `${sentence}${sentence === '' ? '' : '\n'}${notes.join('; ')}.`;
}

/** `new<Type>()`: every field at its spec default. */
export function emitConstructor(code: Code, ctx: FileContext, struct: StructSpec): void {
  const typeName = ctx.typeName(struct);
  docComment(code, `A ${typeName} with every field at its spec default.`);
  code.open(`export function new${typeName}(): ${typeName}`);
  const entries = struct.fields.map((field) => `${camelCase(field.name)}: ${defaultExpression(ctx, field)}`);
  code.line(entries.length === 0 ? 'return {};' : `return { ${entries.join(', ')} };`);
  code.close();
}

/** `isDefault<Type>(v)`, needed where a struct value is compared with its default (tagged or absent fields). */
export function emitDefaultCheck(code: Code, ctx: FileContext, struct: StructSpec): void {
  const typeName = ctx.typeName(struct);
  const tests = struct.fields.map(
    (field) => `!(${nonDefaultCheck(ctx, field, `v.${camelCase(field.name)}`)})`,
  );
  code.open(`function isDefault${typeName}(${tests.length === 0 ? '_v' : 'v'}: ${typeName}): boolean`);
  code.line(`return ${tests.length === 0 ? 'true' : tests.join(' && ')};`);
  code.close();
}

/**
 * Everything for the structs of one spec: types, constructors, encoders (with the default checks
 * they need) and decoders, apart, so that an API's file can keep the client's direction (encode
 * requests, decode responses) and leave the broker's to a file of its own.
 */
export function emitStructs(ctx: FileContext): {
  types: Code;
  constructors: Code;
  encoders: Code;
  decoders: Code;
} {
  const types = new Code();
  const constructors = new Code();
  const encoders = new Code();
  const decoders = new Code();
  const structs = [ctx.message.root, ...ctx.message.structs];
  for (const struct of structs) {
    types.line('');
    emitInterface(types, ctx, struct);
    constructors.line('');
    emitConstructor(constructors, ctx, struct);
    encoders.line('');
    emitEncoder(encoders, ctx, struct);
    decoders.line('');
    emitDecoder(decoders, ctx, struct);
  }
  // Default checks are discovered while emitting encoders (and may need further ones), so they come last.
  const emitted = new Set<StructSpec>();
  for (
    let pending = [...ctx.defaultChecks];
    pending.length > 0;
    pending = [...ctx.defaultChecks].filter((s) => !emitted.has(s))
  ) {
    for (const struct of structs) {
      if (!pending.includes(struct)) continue;
      emitted.add(struct);
      encoders.line('');
      emitDefaultCheck(encoders, ctx, struct);
    }
  }
  return { types, constructors, encoders, decoders };
}
