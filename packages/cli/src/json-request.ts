// Requests from JSON, for `lk call`, without a hand-written table of field types: the JSON is
// encoded by the API's own generated encoder through a Writer that accepts JSON's forms (int64 as
// a string or number, bytes as base64, missing nested fields as zero values), and the bytes are
// decoded back by the generated decoder into a request with exact types for the chosen version.
import * as protocol from '@lk/api';
import { ApiKey, type RequestOf } from '@lk/api';
import { type AnyBrokerApi, brokerApiByKey } from '@lk/api/broker';
import { Reader, Writer, ZERO_UUID } from '@lk/wire';
import { UsageError } from './errors.ts';

type Json = unknown;

function toBigInt(value: Json): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'bigint') return value;
  if (
    (typeof value === 'number' && Number.isSafeInteger(value)) ||
    (typeof value === 'string' && /^-?\d+$/.test(value))
  ) {
    return BigInt(value);
  }
  throw new UsageError(`an int64 field must be an integer or a decimal string, got ${JSON.stringify(value)}`);
}

function toBytes(value: Json): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value === undefined || value === null) return new Uint8Array(0);
  if (typeof value === 'string') return Buffer.from(value, 'base64');
  if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b < 256))
    return Uint8Array.from(value);
  throw new UsageError(
    `a bytes field must be a base64 string or an array of bytes, got ${JSON.stringify(value)}`,
  );
}

/** A Writer that takes JSON's spellings of Kafka's types. */
class JsonWriter extends Writer {
  override int8(v: number): this {
    return super.int8(v ?? 0);
  }
  override int16(v: number): this {
    return super.int16(v ?? 0);
  }
  override uint16(v: number): this {
    return super.uint16(v ?? 0);
  }
  override int32(v: number): this {
    return super.int32(v ?? 0);
  }
  override uint32(v: number): this {
    return super.uint32(v ?? 0);
  }
  override float64(v: number): this {
    return super.float64(v ?? 0);
  }
  override bool(v: boolean): this {
    return super.bool(v ?? false);
  }
  override int64(v: bigint): this {
    return super.int64(toBigInt(v));
  }
  override varlong(v: bigint): this {
    return super.varlong(toBigInt(v));
  }
  override uuid(v: string): this {
    return super.uuid(v ?? ZERO_UUID);
  }
  override string(v: string): this {
    return super.string(v ?? '');
  }
  override compactString(v: string): this {
    return super.compactString(v ?? '');
  }
  override nullableString(v: string | null): this {
    return super.nullableString(v ?? null);
  }
  override compactNullableString(v: string | null): this {
    return super.compactNullableString(v ?? null);
  }
  override bytes(v: Uint8Array): this {
    return super.bytes(toBytes(v));
  }
  override compactBytes(v: Uint8Array): this {
    return super.compactBytes(toBytes(v));
  }
  override nullableBytes(v: Uint8Array | null): this {
    return super.nullableBytes(v === null || v === undefined ? null : toBytes(v));
  }
  override compactNullableBytes(v: Uint8Array | null): this {
    return super.compactNullableBytes(v === null || v === undefined ? null : toBytes(v));
  }
}

/** The API of a name (`Metadata`, case-insensitive) or a key (`3`); a UsageError otherwise. */
export function apiNamed(name: string): AnyBrokerApi {
  const key = /^\d+$/.test(name)
    ? Number(name)
    : Object.entries(ApiKey).find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
  const api = key === undefined ? undefined : brokerApiByKey(key);
  if (api === undefined) throw new UsageError(`unknown API '${name}' (lk call --list shows them)`);
  return api;
}

/**
 * The request of `api` at `version` from JSON: top-level fields left out take the spec's defaults;
 * a field the version cannot carry is an error (FieldVersionError), as everywhere in lk.
 */
export function requestFromJson<A extends AnyBrokerApi>(api: A, json: Json, version: number): RequestOf<A> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new UsageError(`--json must be a JSON object of ${api.name}Request fields`);
  }
  const merged = {
    ...api.newRequest(),
    ...withNestedDefaults(json as Record<string, unknown>, structDefaults(api)),
  };
  const writer = new JsonWriter();
  try {
    api.encodeRequest(writer, merged, version);
  } catch (error) {
    if (error instanceof TypeError) {
      throw new UsageError(
        `--json does not fit ${api.name}Request v${version} (${error.message}); give every field of nested entries`,
      );
    }
    throw error;
  }
  const request = api.decodeRequest(new Reader(writer.finish()), version) as RequestOf<A>;
  checkCarried(json, request, `${api.name}Request`, version);
  return request;
}

/** The defaults of every nested struct of the API's request (from @lk/api's generated `new...()` functions). */
function structDefaults(api: AnyBrokerApi): Record<string, unknown>[] {
  const prefix = `new${api.name}Request`;
  return Object.entries(protocol)
    .filter(([name, f]) => name.startsWith(prefix) && name !== prefix && typeof f === 'function')
    .map(([, f]) => (f as () => Record<string, unknown>)());
}

/**
 * Fills each nested entry of the JSON with the defaults of its struct: the struct whose fields
 * include all the entry's keys, with the fewest others (the generated types carry no runtime
 * names, so the shape decides; an entry that fits none stays as given and fails the check below).
 */
function withNestedDefaults(
  value: Record<string, unknown>,
  structs: readonly Record<string, unknown>[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (Array.isArray(v))
      out[key] = v.map((item) => (isPlainObject(item) ? entryWithDefaults(item, structs) : item));
    else if (isPlainObject(v)) out[key] = entryWithDefaults(v, structs);
    else out[key] = v;
  }
  return out;
}

function entryWithDefaults(
  entry: Record<string, unknown>,
  structs: readonly Record<string, unknown>[],
): Record<string, unknown> {
  const keys = Object.keys(entry);
  let best: Record<string, unknown> | null = null;
  for (const s of structs) {
    if (keys.every((k) => k in s) && (best === null || Object.keys(s).length < Object.keys(best).length))
      best = s;
  }
  return { ...(best ?? {}), ...withNestedDefaults(entry, structs) };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/** A leaf as JSON output would print it, to compare what was asked with what the version carries. */
function leaf(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

/**
 * Every field given in the JSON must reach the broker: a misspelt field, or one the version does
 * not carry (ignorable fields are dropped by the encoder without a word), is a UsageError.
 */
function checkCarried(given: unknown, sent: unknown, path: string, version: number): void {
  if (given === null || typeof given !== 'object') {
    if (leaf(given) !== leaf(sent)) {
      throw new UsageError(
        `${path} is not carried by version ${version} (${JSON.stringify(given)} would be sent as ${leaf(sent)})`,
      );
    }
    return;
  }
  if (Array.isArray(given)) {
    if (!Array.isArray(sent) || sent.length !== given.length) {
      const bytes = sent instanceof Uint8Array && leaf(sent) === leaf(Uint8Array.from(given as number[]));
      if (bytes) return;
      throw new UsageError(`${path} is not carried by version ${version}`);
    }
    for (const [i, item] of given.entries()) checkCarried(item, sent[i], `${path}[${i}]`, version);
    return;
  }
  if (sent === null || typeof sent !== 'object')
    throw new UsageError(`${path} is not carried by version ${version}`);
  for (const [key, value] of Object.entries(given)) {
    if (!(key in sent)) throw new UsageError(`${path}.${key}: no such field`);
    checkCarried(value, (sent as Record<string, unknown>)[key], `${path}.${key}`, version);
  }
}
