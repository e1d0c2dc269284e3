import type { Reader, Writer } from '@lk/wire';
import { ApiKey } from './generated/api-key.ts';
import { UnsupportedVersionError } from './version-errors.ts';

/**
 * An API's version range without its codecs, as `apiVersionRanges` holds it (index = API key):
 * the spec's validVersions and whether the latest one is unstable. Removed APIs have max < min.
 */
export type ApiVersionRange = readonly [
  minVersion: number,
  maxVersion: number,
  latestVersionUnstable: boolean,
];

/**
 * One Kafka API as a client uses it: its key, its version range, a request encoder and a response
 * decoder (headers and framing are in `encodeRequestFrame`/`decodeResponseFrame`). Generated for
 * every API of Kafka 4.3.1; each codec refuses versions outside `[minVersion, maxVersion]` with an
 * {@link UnsupportedVersionError}. The broker's direction (decode requests, encode responses) is
 * a {@link BrokerApiDefinition} of `@lk/api/broker`, so that a client's bundle leaves it out.
 */
export interface ApiDefinition<Req, Res> {
  /** The API key, e.g. 0 for Produce. */
  readonly apiKey: number;
  /** The spec name without its Request/Response suffix, e.g. 'Produce'. */
  readonly name: string;
  /** The lowest version of the spec's validVersions. */
  readonly minVersion: number;
  /** The highest version of the spec's validVersions, an unstable latest one included. Below minVersion for removed APIs. */
  readonly maxVersion: number;
  /** The first version with compact encodings and tagged fields (request header v2), or null. */
  readonly firstFlexibleVersion: number | null;
  /** The spec marks maxVersion as still in development: brokers do not advertise it by default. */
  readonly latestVersionUnstable: boolean;
  /** Which listener types serve the API ('broker', 'controller'); clients talk to 'broker'. */
  readonly listeners: readonly string[];
  /** Request header version: 2 in flexible versions, else 1. */
  requestHeaderVersion(version: number): 1 | 2;
  /** Response header version: 1 in flexible versions, else 0; always 0 for ApiVersions (KIP-511). */
  responseHeaderVersion(version: number): 0 | 1;
  /** Writes a request body of `version` (header excluded); a version outside the range is an UnsupportedVersionError. */
  encodeRequest(writer: Writer, request: Req, version: number): void;
  /** Reads a response body of `version` (header excluded); a version outside the range is an UnsupportedVersionError. */
  decodeResponse(reader: Reader, version: number): Res;
  /** A request with every field at its spec default. */
  newRequest(): Req;
  /** A response with every field at its spec default. */
  newResponse(): Res;
}

/**
 * An API with both directions, as `@lk/api/broker` exports it (same names as `@lk/api`): for fake
 * brokers, proxies and tests, which read requests and write responses.
 */
export interface BrokerApiDefinition<Req, Res> extends ApiDefinition<Req, Res> {
  /** Reads a request body of `version` (header excluded); a version outside the range is an UnsupportedVersionError. */
  decodeRequest(reader: Reader, version: number): Req;
  /** Writes a response body of `version` (header excluded); a version outside the range is an UnsupportedVersionError. */
  encodeResponse(writer: Writer, response: Res, version: number): void;
}

/** Any API definition, whatever its request and response types. */
// biome-ignore lint/suspicious/noExplicitAny: any request/response pair
export type AnyApi = ApiDefinition<any, any>;
/** Any broker-side API definition, whatever its request and response types. */
// biome-ignore lint/suspicious/noExplicitAny: any request/response pair
export type AnyBrokerApi = BrokerApiDefinition<any, any>;
/** The request type of an API definition: `RequestOf<typeof Produce>` is `ProduceRequest`. */
export type RequestOf<A> = A extends ApiDefinition<infer Req, unknown> ? Req : never;
/** The response type of an API definition: `ResponseOf<typeof Produce>` is `ProduceResponse`. */
export type ResponseOf<A> = A extends ApiDefinition<unknown, infer Res> ? Res : never;
/** A request, or a function building it for the version that will be used (fields differ by version). */
export type RequestInput<A> = RequestOf<A> | ((version: number) => RequestOf<A>);

/** A versioned schema that is not an API: the headers, and `data` schemas such as ConsumerProtocolAssignment. */
export interface MessageSchema<T> {
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly firstFlexibleVersion: number | null;
  /** Writes `value` in the layout of `version`. */
  encode(writer: Writer, value: T, version: number): void;
  /** Reads a value in the layout of `version`. */
  decode(reader: Reader, version: number): T;
  /** A value with every field at its spec default. */
  create(): T;
}

type Encode<T> = (writer: Writer, value: T, version: number) => void;
type Decode<T> = (reader: Reader, version: number) => T;

/** What the generated code supplies for one API; {@link defineApi} adds version checks and header rules. */
export interface ApiParts<Req, Res> {
  apiKey: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  firstFlexibleVersion: number | null;
  latestVersionUnstable: boolean;
  listeners: readonly string[];
  encodeRequest: Encode<Req>;
  newRequest: () => Req;
  decodeResponse: Decode<Res>;
  newResponse: () => Res;
}

/** What the generated code supplies for the broker's side of one API. */
export interface BrokerApiParts<Req, Res> {
  decodeRequest: Decode<Req>;
  encodeResponse: Encode<Res>;
}

function checkVersion(what: string, min: number, max: number, version: number): void {
  if (!(version >= min && version <= max && Number.isInteger(version))) {
    throw new UnsupportedVersionError(what, version, min, max);
  }
}

/** Builds an {@link ApiDefinition} from generated codecs. Used by the generated files only. */
export function defineApi<Req, Res>(parts: ApiParts<Req, Res>): ApiDefinition<Req, Res> {
  const { apiKey, name, minVersion, maxVersion, firstFlexibleVersion } = parts;
  const isFlexible = (version: number): boolean =>
    firstFlexibleVersion !== null && version >= firstFlexibleVersion;
  return {
    apiKey,
    name,
    minVersion,
    maxVersion,
    firstFlexibleVersion,
    latestVersionUnstable: parts.latestVersionUnstable,
    listeners: parts.listeners,
    requestHeaderVersion: (version) => (isFlexible(version) ? 2 : 1),
    // KIP-511: the ApiVersions response header stays v0 so that any client can read the answer.
    responseHeaderVersion: (version) => (apiKey !== ApiKey.ApiVersions && isFlexible(version) ? 1 : 0),
    encodeRequest(writer, request, version) {
      checkVersion(`${name} request`, minVersion, maxVersion, version);
      parts.encodeRequest(writer, request, version);
    },
    decodeResponse(reader, version) {
      checkVersion(`${name} response`, minVersion, maxVersion, version);
      return parts.decodeResponse(reader, version);
    },
    newRequest: parts.newRequest,
    newResponse: parts.newResponse,
  };
}

/** Adds the broker's codecs to a client definition, with the same version checks. Used by the generated files only. */
export function defineBrokerApi<Req, Res>(
  api: ApiDefinition<Req, Res>,
  parts: BrokerApiParts<Req, Res>,
): BrokerApiDefinition<Req, Res> {
  const { name, minVersion, maxVersion } = api;
  return {
    ...api,
    decodeRequest(reader, version) {
      checkVersion(`${name} request`, minVersion, maxVersion, version);
      return parts.decodeRequest(reader, version);
    },
    encodeResponse(writer, response, version) {
      checkVersion(`${name} response`, minVersion, maxVersion, version);
      parts.encodeResponse(writer, response, version);
    },
  };
}

/** What the generated code supplies for a schema that is not an API. */
export interface SchemaParts<T> {
  name: string;
  minVersion: number;
  maxVersion: number;
  firstFlexibleVersion: number | null;
  encode: Encode<T>;
  decode: Decode<T>;
  create: () => T;
}

/** Builds a {@link MessageSchema} with version checks. Used by the generated files only. */
export function defineSchema<T>(parts: SchemaParts<T>): MessageSchema<T> {
  const { name, minVersion, maxVersion } = parts;
  return {
    name,
    minVersion,
    maxVersion,
    firstFlexibleVersion: parts.firstFlexibleVersion,
    encode(writer, value, version) {
      checkVersion(name, minVersion, maxVersion, version);
      parts.encode(writer, value, version);
    },
    decode(reader, version) {
      checkVersion(name, minVersion, maxVersion, version);
      return parts.decode(reader, version);
    },
    create: parts.create,
  };
}
