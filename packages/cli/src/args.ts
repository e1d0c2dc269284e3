// Flags: node:util parseArgs (strict), with its errors turned into UsageErrors that name the flag,
// and typed readers for numbers and enumerations that do the same.
import { parseArgs } from 'node:util';
import { UsageError } from './errors.ts';

/** One flag of a command: parseArgs' type, plus what `--help` prints. */
export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Shown after the flag in --help, e.g. `N` or `FILE`. */
  value?: string;
  help: string;
}

/** The flags a command takes, by long name. */
export type FlagSpecs = Record<string, FlagSpec>;

/** Parsed flags: strings, booleans or lists of strings, by flag name. */
export type FlagValues = Record<string, string | boolean | string[] | undefined>;

/** A command line parsed against a command's flags. */
export interface ParsedArgs {
  /** The flags given, by long name. */
  flags: FlagValues;
  /** The words that are not flags, in order. */
  positionals: string[];
}

/** Parses `argv` against `specs`; an unknown flag, a missing value or a stray value is a UsageError. */
export function parseFlags(argv: readonly string[], specs: FlagSpecs): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries(specs)) {
    options[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(argv, specs),
      options,
      strict: true,
      allowPositionals: true,
      allowNegative: true,
    });
    return { flags: values as FlagValues, positionals };
  } catch (error) {
    const e = error as { code?: string; message: string };
    if (typeof e.code === 'string' && e.code.startsWith('ERR_PARSE_ARGS')) {
      throw new UsageError(e.message.split('. ')[0]!.replace(/\.$/, ''));
    }
    throw error;
  }
}

/** `-o -10` → `--offset=-10`: parseArgs would read a value starting with a dash as a flag. */
function joinNegativeValues(argv: readonly string[], specs: FlagSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--')
      ? arg.slice(2)
      : Object.keys(specs).find((k) => arg === `-${specs[k]!.short}`);
    if (name !== undefined && specs[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** A string flag's value, or undefined. */
export function stringFlag(flags: FlagValues, name: string): string | undefined {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
}

/** A repeatable string flag's values ([] when absent). */
export function listFlag(flags: FlagValues, name: string): string[] {
  const v = flags[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** An integer flag in [min, max], or `fallback` when absent; anything else is a UsageError naming it. */
export function intFlag(
  flags: FlagValues,
  name: string,
  fallback: number,
  min = 0,
  max = 2 ** 31 - 1,
): number {
  const v = stringFlag(flags, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got '${v}'`);
  }
  return n;
}

/** One of `allowed`, or `fallback` when absent. */
export function choiceFlag<T extends string>(
  flags: FlagValues,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const v = stringFlag(flags, name);
  if (v === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got '${v}'`);
  }
  return v as T;
}

/** The positional arguments, checked against the count the command takes. */
export function positionals(parsed: ParsedArgs, names: readonly string[], optional = 0): string[] {
  const { positionals: p } = parsed;
  const required = names.length - optional;
  if (p.length < required) throw new UsageError(`missing ${names[p.length]}`);
  if (p.length > names.length) throw new UsageError(`unexpected argument '${p[names.length]}'`);
  return p;
}
