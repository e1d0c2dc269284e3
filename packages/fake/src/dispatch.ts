// Serving one request frame: pick the API, decode, consult the fault hooks, run the handler, encode.
import { ApiKey, ErrorCode, FieldVersionError } from '@lk/api';
import {
  type BrokerApiDefinition,
  brokerApiByKey,
  decodeRequestFrame,
  readRequestApi,
  writeResponseFrame,
} from '@lk/api/broker';
import { concatBytes, Reader, Writer } from '@lk/wire';
import type { ClientConnection } from './connection.ts';
import { type FaultAction, mangle, type SeenRequest, type TakenRequest } from './faults.ts';
import { unsupportedApiVersions } from './handlers/18-api-versions.ts';
import type { AnyHandler, RequestContext } from './handlers/handler.ts';
import { NO_RESPONSE } from './handlers/handler.ts';
import { advertised, handlerFor } from './handlers/index.ts';
import { rawSaslReply } from './sasl.ts';

/** Request header bytes before the correlation id ends: api key, api version, correlation id. */
const MIN_HEADER = 8;
/**
 * Bytes values (record sets) at least this long are sent as the views they are, beside the encoded
 * rest of the response (one writev), not copied into it; shorter ones cost less to copy than to
 * send as pieces of their own.
 */
const SHARE_FROM = 32 * 1024;
/** Until authenticated, a SASL listener serves only these (Kafka closes on anything else). */
const BEFORE_AUTH = new Set<number>([ApiKey.ApiVersions, ApiKey.SaslHandshake, ApiKey.SaslAuthenticate]);

export async function serveFrame(connection: ClientConnection, frame: Uint8Array): Promise<void> {
  const cluster = connection.broker.cluster;
  if (connection.sasl.rawTokens) {
    const reply = rawSaslReply(connection, frame);
    return reply === null ? connection.close() : connection.write(reply);
  }
  if (frame.length < MIN_HEADER) return connection.close();
  const { apiKey, apiVersion } = readRequestApi(frame);
  const correlationId = new DataView(frame.buffer, frame.byteOffset + 4, 4).getInt32(0);
  const handler = handlerFor(apiKey);
  if (apiKey === ApiKey.ApiVersions && handler !== undefined && apiVersion > handler.maxVersion) {
    // KIP-511: a version the broker does not know is answered at v0 with UNSUPPORTED_VERSION.
    return connection.write(unsupportedApiVersions(correlationId));
  }
  const api = brokerApiByKey(apiKey);
  // A real broker closes the connection on a version it does not know (it cannot parse the request).
  if (api === undefined || !(apiVersion >= api.minVersion && apiVersion <= api.maxVersion)) {
    return connection.close();
  }
  let request: { body: unknown; clientId: string | null };
  try {
    request = decodeRequestFrame(api, frame);
  } catch {
    return connection.close(); // Kafka: InvalidRequestException, connection closed
  }
  if (!connection.authenticated && !BEFORE_AUTH.has(apiKey)) return connection.close();
  const seen: SeenRequest = {
    broker: connection.broker.nodeId,
    apiKey,
    apiName: api.name,
    apiVersion,
    correlationId,
    clientId: request.clientId,
    body: request.body,
  };
  cluster.recordRequest(seen);
  const fault = cluster.faults.match(seen);
  if (fault?.delayMs !== undefined && fault.delayMs > 0) {
    await delay(connection, fault.delayMs);
    if (connection.closed) return;
  }
  if (fault?.drop === 'before') return connection.close();
  // Record sets stay in pieces unless a fault hook may look at the response or its bytes.
  const continuations = fault === undefined ? new Map<Uint8Array, readonly Uint8Array[]>() : null;
  const ctx: ServingContext = {
    cluster,
    broker: connection.broker,
    connection,
    apiVersion,
    correlationId,
    clientId: request.clientId,
    advertised,
    continuations,
    recordSet: (views) => {
      if (views.length === 1 || continuations === null) return concatBytes(views);
      continuations.set(views[0]!, views.slice(1));
      return views[0]!;
    },
  };
  if (fault?.takeOver !== undefined) {
    // The test answers it; the connection goes on with the next request meanwhile.
    fault.takeOver(takenRequest(ctx, api, handler, request.body, seen));
    return;
  }
  const bytes = await encodedAnswer(ctx, api, handler, request.body, fault, correlationId);
  if (bytes === null || connection.closed) return;
  if (bytes === NO_RESPONSE) {
    if (fault?.drop === 'after') connection.close();
    return;
  }
  await connection.write(fault === undefined ? bytes : mangle(concatBytes(bytes), fault));
  if (fault?.drop === 'after') connection.endAfterWrite();
}

/** A request's context as the dispatch holds it: with the record sets its response continues. */
interface ServingContext extends RequestContext {
  /** Null when the response must be whole (see recordSet). */
  readonly continuations: Map<Uint8Array, readonly Uint8Array[]> | null;
}

/**
 * Runs the handler and encodes its answer as a response frame with `correlationId`, in pieces (see
 * SHARE_FROM; one piece when the context keeps responses whole); NO_RESPONSE for acks=0, null
 * when the fake itself failed (recorded in serverErrors, connection closed).
 */
async function encodedAnswer(
  ctx: ServingContext,
  api: BrokerApiDefinition<unknown, unknown>,
  handler: AnyHandler | undefined,
  body: unknown,
  fault: FaultAction | undefined,
  correlationId: number,
): Promise<Uint8Array[] | typeof NO_RESPONSE | null> {
  const { cluster, connection, apiVersion, continuations } = ctx;
  let response: unknown;
  try {
    response = await answer(ctx, api, handler, body, fault);
  } catch (error) {
    cluster.serverErrors.push(asError(error, `${api.name} v${apiVersion} handler`));
    connection.close();
    return null;
  }
  if (response === NO_RESPONSE) return NO_RESPONSE;
  fault?.alter?.(response);
  cluster.applyThrottle(connection.broker.nodeId, response);
  try {
    const shareFrom = continuations === null ? Number.POSITIVE_INFINITY : SHARE_FROM;
    const size = handler?.responseSize?.(response, shareFrom);
    const writer = new Writer(size, shareFrom, continuations);
    writeResponseFrame(api, apiVersion, correlationId, response, writer);
    return writer.chunks();
  } catch (error) {
    cluster.serverErrors.push(asError(error, `${api.name} v${apiVersion} response`));
    connection.close();
    return null;
  }
}

function takenRequest(
  ctx: ServingContext,
  api: BrokerApiDefinition<unknown, unknown>,
  handler: AnyHandler | undefined,
  body: unknown,
  request: SeenRequest,
): TakenRequest {
  const { connection } = ctx;
  const response = async (options: { correlationId?: number } = {}): Promise<Uint8Array | null> => {
    const id = options.correlationId ?? request.correlationId;
    const bytes = await encodedAnswer(ctx, api, handler, body, undefined, id);
    return bytes === NO_RESPONSE || bytes === null ? null : concatBytes(bytes);
  };
  return {
    request,
    get closed() {
      return connection.closed;
    },
    response,
    async answer() {
      const bytes = await response();
      if (bytes !== null) await connection.write(bytes);
    },
    write: (bytes) => void connection.write(asBytes(bytes)),
    end: (bytes) => {
      if (bytes !== undefined) void connection.write(asBytes(bytes));
      connection.endAfterWrite();
    },
    close: () => connection.close(),
  };
}

function asBytes(bytes: Uint8Array | string): Uint8Array {
  return typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
}

async function answer(
  ctx: RequestContext,
  api: BrokerApiDefinition<unknown, unknown>,
  handler: AnyHandler | undefined,
  body: unknown,
  fault: FaultAction | undefined,
): Promise<unknown> {
  if (fault?.errorCode !== undefined) {
    return (
      handler?.fail?.(body, fault.errorCode, ctx.apiVersion) ??
      errorResponse(api, fault.errorCode, ctx.apiVersion)
    );
  }
  if (handler === undefined || ctx.apiVersion < handler.minVersion || ctx.apiVersion > handler.maxVersion) {
    // An API (or version) the fake does not implement and did not advertise.
    return errorResponse(api, ErrorCode.UNSUPPORTED_VERSION, ctx.apiVersion);
  }
  return handler.handle(ctx, body);
}

/**
 * The API's default response with its top-level error code set when `version` carries one
 * (ElectLeaders v0, FindCoordinator v4+ have none: setting it would not encode, or be dropped).
 */
export function errorResponse(
  api: BrokerApiDefinition<unknown, unknown>,
  errorCode: number,
  version: number,
): unknown {
  const response = api.newResponse() as Record<string, unknown>;
  if ('errorCode' in response && carriesErrorCode(api, version)) response.errorCode = errorCode;
  return response;
}

/** Per API, the versions whose response has a top-level error code (found once, by the codecs). */
const errorCodeVersions = new Map<BrokerApiDefinition<unknown, unknown>, Map<number, boolean>>();

/**
 * Whether `version` of the API's response has a top-level error code: one that survives a round
 * trip through the generated codecs (a field the version lacks fails to encode or decodes as 0).
 */
function carriesErrorCode(api: BrokerApiDefinition<unknown, unknown>, version: number): boolean {
  let versions = errorCodeVersions.get(api);
  if (versions === undefined) errorCodeVersions.set(api, (versions = new Map()));
  let carried = versions.get(version);
  if (carried === undefined) {
    const probe = { ...(api.newResponse() as object), errorCode: ErrorCode.UNSUPPORTED_VERSION };
    try {
      const writer = new Writer();
      api.encodeResponse(writer, probe, version);
      const decoded = api.decodeResponse(new Reader(writer.finish()), version) as { errorCode: number };
      carried = decoded.errorCode === ErrorCode.UNSUPPORTED_VERSION;
    } catch (error) {
      if (!(error instanceof FieldVersionError)) throw error;
      carried = false;
    }
    versions.set(version, carried);
  }
  return carried;
}

function delay(connection: ClientConnection, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      off();
      resolve();
    }, ms);
    const off = connection.onClose(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function asError(error: unknown, where: string): Error {
  return error instanceof Error ? error : new Error(`${where}: ${String(error)}`);
}
