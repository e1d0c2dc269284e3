/** An inclusive range of protocol versions; `max` is Infinity for an open range such as "3+". */
export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/**
 * Parses a spec version range: "N", "A-B", "N+" or "none" (null). An absent range takes `fallback`.
 * Throws on anything else, so a new spec syntax fails generation instead of miscompiling.
 */
export function parseVersions(text: string | undefined, fallback: VersionRange | null): VersionRange | null {
  if (text === undefined) return fallback;
  if (text === 'none') return null;
  let match = /^(\d+)\+$/.exec(text);
  if (match) return { min: Number(match[1]), max: Number.POSITIVE_INFINITY };
  match = /^(\d+)-(\d+)$/.exec(text);
  if (match) return { min: Number(match[1]), max: Number(match[2]) };
  match = /^(\d+)$/.exec(text);
  if (match) return { min: Number(match[1]), max: Number(match[1]) };
  throw new Error(`unsupported version range "${text}"`);
}

export function intersect(a: VersionRange | null, b: VersionRange | null): VersionRange | null {
  if (a === null || b === null) return null;
  const min = Math.max(a.min, b.min);
  const max = Math.min(a.max, b.max);
  return min <= max ? { min, max } : null;
}

export function contains(range: VersionRange | null, version: number): boolean {
  return range !== null && version >= range.min && version <= range.max;
}

/** True when `inner` covers every version of `outer` (an empty outer is covered by anything). */
export function covers(inner: VersionRange | null, outer: VersionRange | null): boolean {
  if (outer === null) return true;
  return inner !== null && inner.min <= outer.min && inner.max >= outer.max;
}

/**
 * A JavaScript condition on `version` that holds for the versions of `range` among those of
 * `context` (the versions the code can run at). Returns 'true' or 'false' when the answer does
 * not depend on the version, so callers can drop the branch.
 */
export function versionCondition(range: VersionRange | null, context: VersionRange | null): string {
  const within = intersect(range, context);
  if (within === null) return 'false';
  if (covers(within, context)) return 'true';
  const lowerNeeded = context === null || within.min > context.min;
  const upperNeeded = context === null || within.max < context.max;
  if (within.min === within.max && lowerNeeded && upperNeeded) return `version === ${within.min}`;
  const parts: string[] = [];
  if (lowerNeeded) parts.push(`version >= ${within.min}`);
  if (upperNeeded) parts.push(`version <= ${within.max}`);
  return parts.join(' && ');
}

/** "3+", "0-12", "5" or "none", as in the specs, for doc comments. */
export function formatVersions(range: VersionRange | null): string {
  if (range === null) return 'none';
  if (range.max === Number.POSITIVE_INFINITY) return `${range.min}+`;
  return range.min === range.max ? `${range.min}` : `${range.min}-${range.max}`;
}
