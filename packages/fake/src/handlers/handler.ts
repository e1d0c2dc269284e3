// What a handler file exports: the API it serves, the versions it implements, and how it answers.
import type { ApiDefinition } from '@lk/api';
import type { FakeBroker } from '../broker.ts';
import type { FakeCluster } from '../cluster.ts';
import type { ClientConnection } from '../connection.ts';

/** Returned by a handler that sends no response (Produce with acks=0). */
export const NO_RESPONSE: unique symbol = Symbol('no response');

/** Everything a handler may look at besides the request body. */
export interface RequestContext {
  readonly cluster: FakeCluster;
  readonly broker: FakeBroker;
  readonly connection: ClientConnection;
  readonly apiVersion: number;
  readonly correlationId: number;
  readonly clientId: string | null;
  /** The versions of every API the fake serves (what ApiVersions lists). */
  advertised(): { apiKey: number; minVersion: number; maxVersion: number }[];
  /**
   * A record set made of `views` (stored batches, in order) as a response field: the first view,
   * which the response's encoding continues with the others, written without joining them; or,
   * when a fault hook may look at the response, the views joined into one array.
   */
  recordSet(views: readonly Uint8Array[]): Uint8Array;
}

export type Answer<Res> = Res | typeof NO_RESPONSE;

/** One API served by the fake. */
export interface Handler<Req, Res> {
  readonly api: ApiDefinition<Req, Res>;
  /** The versions implemented (and advertised in ApiVersions). */
  readonly minVersion: number;
  readonly maxVersion: number;
  /** Advertise a lower minimum than implemented, as Kafka 4 does for Produce (0, for old clients' feature checks). */
  readonly advertisedMinVersion?: number;
  handle(ctx: RequestContext, request: Req): Answer<Res> | Promise<Answer<Res>>;
  /**
   * The response that refuses every item of `request` with `errorCode`, as a broker does when the
   * whole request fails; used by fault hooks. Without it, the response's top-level error code is set.
   */
  fail?(request: Req, errorCode: number, version: number): Res;
  /**
   * Bytes the encoded response will take in the writer's buffer, about, leaving out bytes values of
   * `shareFrom` bytes or more (sent as they are, not copied): the writer is sized once instead of
   * grown by copying.
   */
  responseSize?(response: Res, shareFrom: number): number;
}

// biome-ignore lint/suspicious/noExplicitAny: the handler table holds every request and response type
export type AnyHandler = Handler<any, any>;

/** Declares a handler with its types checked against its API definition. */
export function defineHandler<Req, Res>(handler: Handler<Req, Res>): AnyHandler {
  return handler;
}
