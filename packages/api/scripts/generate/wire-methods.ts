import type { FieldSpec, PrimitiveName } from './spec.ts';
import type { FileContext } from './types.ts';
import { covers, intersect, type VersionRange } from './versions.ts';

/**
 * How a field's variable-length parts are encoded where it is present: always classic (int16/int32
 * lengths), always compact (varint lengths), or chosen at run time by the `flexible` flag.
 */
export type LengthStyle = 'classic' | 'compact' | 'runtime';

/** The length style of `field` over `present` (tagged values are always compact: their callers say so). */
export function lengthStyle(ctx: FileContext, field: FieldSpec, present: VersionRange | null): LengthStyle {
  const own = field.flexibleVersions;
  const flexible = intersect(present, own === undefined ? ctx.message.flexibleVersions : own);
  if (flexible === null) return 'classic';
  if (covers(flexible, present)) return 'compact';
  if (own !== undefined)
    throw new Error(`${field.name}: a field-level flexibleVersions that splits its versions`);
  return 'runtime';
}

/** The Writer/Reader method (they share names) for a primitive. */
export function primitiveMethod(name: PrimitiveName, compact: boolean, nullable: boolean): string {
  switch (name) {
    case 'string':
      return compact
        ? nullable
          ? 'compactNullableString'
          : 'compactString'
        : nullable
          ? 'nullableString'
          : 'string';
    case 'bytes':
    case 'records':
      return compact
        ? nullable
          ? 'compactNullableBytes'
          : 'compactBytes'
        : nullable
          ? 'nullableBytes'
          : 'bytes';
    default:
      return name;
  }
}

/** `expression` for the classic and compact variants, picked by the length style. */
export function byStyle(style: LengthStyle, classic: string, compact: string): string {
  if (style === 'classic') return classic;
  if (style === 'compact') return compact;
  return classic === compact ? classic : `(flexible ? ${compact} : ${classic})`;
}
