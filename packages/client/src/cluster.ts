import { performance } from 'node:perf_hooks';
import { ErrorCode, Fetch, FindCoordinator, type KafkaError, kafkaErrorFor, Produce } from '@lk/api';
import {
  BrokerPool,
  type BrokerPoolOptions,
  type ConnectionPurpose,
  type PooledConnection,
} from './broker-pool.ts';
import type { AnyApi, CallOptions, Connection, RequestInput, ResponseOf } from './connection.ts';
import { type CoordinatorType, coordinatorEntry, findCoordinatorRequest } from './coordinator-lookup.ts';
import { isRetriable } from './delivery.ts';
import { ClientClosedError, MetadataError } from './errors.ts';
import { fetchLeaderHints, type LeaderHints, produceLeaderHints } from './leader-hints.ts';
import {
  type LeaderHint,
  MetadataCache,
  type MetadataCacheOptions,
  type PartitionMetadata,
} from './metadata-cache.ts';
import { partitionErrorCode, topLevelErrorCode } from './response-errors.ts';
import { retryWithBackoff } from './retry.ts';

/**
 * Where a {@link Cluster} call goes: any broker, node N, the leader of a topic-partition, or the
 * coordinator of a group or transactional id.
 */
export type Target =
  | 'any'
  | { node: number }
  | { leaderOf: { topic: string; partition: number } }
  | { coordinator: { key: string; type?: CoordinatorType } };

/** Options of a {@link Cluster}: the pool's and the metadata cache's. */
export interface ClusterOptions extends BrokerPoolOptions, MetadataCacheOptions {}

/** Options of {@link Cluster.call}. */
export interface ClusterCallOptions extends CallOptions {
  /** Which of the node's pooled connections to use. Default `'requests'`. */
  purpose?: ConnectionPurpose;
  /** Retry at all (default true). Pass false for requests a retry could apply twice. */
  retry?: boolean;
  /** Stop retrying once this long passed since the call. Default: the request timeout. */
  retryTimeoutMs?: number;
  /**
   * The error code that decides a retry. Default: for a leader target, the partition's entry in
   * the response ({@link partitionErrorCode}); otherwise the top-level `errorCode`.
   */
  errorCodeOf?: (response: never) => number;
  /**
   * Which broker errors to retry (after a metadata refresh or a new coordinator lookup). Default:
   * for a leader target, invalid-metadata errors (NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH,
   * UNKNOWN_TOPIC_OR_PARTITION, ...); for a coordinator target, NOT_COORDINATOR,
   * COORDINATOR_NOT_AVAILABLE and COORDINATOR_LOAD_IN_PROGRESS; otherwise none.
   */
  retryOn?: (error: KafkaError) => boolean;
}

/** A response with where it came from. */
export interface RoutedResponse<R> {
  response: R;
  nodeId: number;
  connection: Connection;
  /** 1 unless retried. */
  attempts: number;
}

// Coordinator errors after which FindCoordinator is asked again.
const COORDINATOR_MOVED = new Set<number>([
  ErrorCode.NOT_COORDINATOR,
  ErrorCode.COORDINATOR_NOT_AVAILABLE,
  ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
]);

/**
 * One Kafka cluster: a {@link BrokerPool} of pipelining connections and a {@link MetadataCache},
 * and the one place requests are routed. A call goes to `'any'` broker, `{ node }`, `{ leaderOf }` a
 * topic-partition or the `{ coordinator }` of a group or transactional id. A leader-routed call is
 * retried after an invalid-metadata error code or a lost connection, with a metadata refresh and a
 * backoff of 100 ms doubling to 1 s, until `retryTimeoutMs`; a coordinator-routed one after
 * NOT_COORDINATOR and friends, with a new lookup (lookups are cached). Responses are returned raw:
 * other error codes are the caller's. KIP-951 leader hints in Produce and Fetch responses update the
 * metadata cache on the way.
 *
 * The parts stay reachable: `cluster.pool.connection(nodeId, 'fetches')` for a connection of your
 * own, `cluster.metadata.partition(topic, p)` for the cached leader, `cluster.leaderOf(topic, p)` to
 * look one up (a multi-partition producer groups its partitions by `leaderId`, then sends one
 * Produce per broker with `cluster.call({ node: leaderId }, Produce, ...)`).
 *
 * @example
 * ```ts
 * const cluster = new Cluster({ bootstrap: '127.0.0.1:9092' });
 * const offsets = await cluster.call({ leaderOf: { topic: 'events', partition: 0 } }, ListOffsets, {
 *   ...ListOffsets.newRequest(),
 *   topics: [{ name: 'events', partitions: [{ ...partition0, timestamp: ListOffsetsTimestamp.LATEST }] }],
 * });
 * const { leaderId } = await cluster.leaderOf('events', 0);
 * const group = await cluster.call({ coordinator: { key: 'my-group' } }, DescribeGroups, request);
 * cluster.close();
 * ```
 */
export class Cluster {
  readonly pool: BrokerPool;
  readonly metadata: MetadataCache;
  private readonly coordinators = new Map<string, number>();
  private readonly lookups = new Map<string, Promise<number>>();

  constructor(options: ClusterOptions) {
    const { retryBackoffMs, retryBackoffMaxMs, ...poolOptions } = options;
    this.pool = new BrokerPool(poolOptions);
    this.metadata = new MetadataCache(this.pool, { retryBackoffMs, retryBackoffMaxMs });
  }

  /** True after {@link close}. */
  get closed(): boolean {
    return this.pool.closed;
  }

  /**
   * The cached metadata of `topic`/`partition` with a leader, refreshing it when the partition is
   * unknown or leaderless. Throws {@link MetadataError}: `LK_METADATA_NO_PARTITION`,
   * `LK_METADATA_NO_LEADER` or `LK_METADATA_NO_BROKER`.
   */
  async leaderOf(topic: string, partition: number, signal?: AbortSignal): Promise<PartitionMetadata> {
    let known = this.metadata.partition(topic, partition);
    if (known === undefined || known.leaderId < 0 || !this.pool.addressOf(known.leaderId)) {
      await this.metadata.refresh([topic], signal);
      known = this.metadata.partition(topic, partition);
    }
    if (known === undefined) {
      const exists = this.metadata.topic(topic) !== undefined;
      const what = exists
        ? `partition ${topic}/${partition} does not exist`
        : `topic ${topic} is not available`;
      throw new MetadataError('LK_METADATA_NO_PARTITION', what, {
        cause: kafkaErrorFor(this.topicErrorCode(topic)),
      });
    }
    if (known.leaderId < 0) {
      throw new MetadataError('LK_METADATA_NO_LEADER', `partition ${topic}/${partition} has no leader`, {
        cause: kafkaErrorFor(known.errorCode),
      });
    }
    if (!this.pool.addressOf(known.leaderId)) {
      throw new MetadataError(
        'LK_METADATA_NO_BROKER',
        `leader ${known.leaderId} of ${topic}/${partition} is not among the brokers`,
      );
    }
    return known;
  }

  /** The node id of the coordinator of `key`, from the cache or FindCoordinator (retried while not available). */
  coordinatorOf(key: string, type: CoordinatorType = 'group', signal?: AbortSignal): Promise<number> {
    const cacheKey = `${type}:${key}`;
    const cached = this.coordinators.get(cacheKey);
    if (cached !== undefined) return Promise.resolve(cached);
    let lookup = this.lookups.get(cacheKey);
    if (lookup === undefined) {
      lookup = this.lookUpCoordinator(key, type, signal).finally(() => this.lookups.delete(cacheKey));
      this.lookups.set(cacheKey, lookup);
    }
    return lookup;
  }

  /** Forgets the cached coordinator of `key`: the next call looks it up again. */
  forgetCoordinator(key: string, type: CoordinatorType = 'group'): void {
    this.coordinators.delete(`${type}:${key}`);
  }

  /** The pooled connection a call to `target` would use now (no retries). */
  async connectionTo(
    target: Target,
    purpose: ConnectionPurpose = 'requests',
    signal?: AbortSignal,
  ): Promise<PooledConnection> {
    if (target === 'any') return this.pool.anyConnection(purpose, signal);
    let nodeId: number;
    if ('node' in target) {
      nodeId = target.node;
      // A node id from elsewhere (a coordinator, a config): learn the brokers first.
      if (!this.pool.addressOf(nodeId)) await this.metadata.refresh([], signal);
    } else if ('leaderOf' in target) {
      nodeId = (await this.leaderOf(target.leaderOf.topic, target.leaderOf.partition, signal)).leaderId;
    } else {
      nodeId = await this.coordinatorOf(target.coordinator.key, target.coordinator.type, signal);
    }
    return { nodeId, purpose, connection: await this.pool.connection(nodeId, purpose, signal) };
  }

  /** Sends `request` to `target` and returns the raw response; see {@link callRouted} for retries. */
  async call<A extends AnyApi>(
    target: Target,
    api: A,
    request: RequestInput<A>,
    options: ClusterCallOptions = {},
  ): Promise<ResponseOf<A>> {
    return (await this.callRouted(target, api, request, options)).response;
  }

  /**
   * Sends `request` to `target`, retrying as the class describes, and returns the raw response with
   * the node and connection that answered. After the last retry, a response with a retriable error
   * code is returned as it is; a transport failure is thrown.
   */
  async callRouted<A extends AnyApi>(
    target: Target,
    api: A,
    request: RequestInput<A>,
    options: ClusterCallOptions = {},
  ): Promise<RoutedResponse<ResponseOf<A>>> {
    const { purpose = 'requests', retry = true, signal } = options;
    const deadline = performance.now() + (options.retryTimeoutMs ?? this.pool.options.requestTimeoutMs);
    const errorCodeOf =
      (options.errorCodeOf as ((r: unknown) => number) | undefined) ?? this.defaultErrorCode(target);
    const retryOn = options.retryOn ?? defaultRetryOn(target);
    let refresh = false;
    // The last attempt's response when its error code is what is retried: returned if no retry is left.
    let answered: RoutedResponse<ResponseOf<A>> | null = null;
    let answeredError: KafkaError | null = null;
    const once = async (attempt: number): Promise<RoutedResponse<ResponseOf<A>>> => {
      answered = null;
      answeredError = null;
      try {
        if (this.closed) throw new ClientClosedError('the cluster');
        if (refresh && typeof target === 'object' && 'leaderOf' in target) {
          await this.metadata.refresh([target.leaderOf.topic], signal);
        }
        const { nodeId, connection } = await this.connectionTo(target, purpose, signal);
        const response = (await connection.call(api, request, options)) as ResponseOf<A>;
        const applied = this.noteResponse(api, response);
        const routed = { response, nodeId, connection, attempts: attempt };
        const error = kafkaErrorFor(errorCodeOf(response));
        if (error === null || !retry || !retryOn(error)) return routed;
        answered = routed;
        answeredError = error;
        // A leader hint for the target already says where to go next.
        refresh = !(typeof target === 'object' && 'leaderOf' in target && hinted(applied, target.leaderOf));
      } catch (error) {
        if (!retry || !this.retriableFailure(target, error)) throw error;
        refresh = true;
        this.forgetCoordinatorOf(target);
        throw error;
      }
      this.forgetCoordinatorOf(target);
      throw answeredError;
    };
    try {
      return await retryWithBackoff(once, {
        operation: api.name,
        subject: describe(target),
        // `once` throws only what may be retried, or what it has decided is final.
        retriable: (error) => error === answeredError || (retry && this.retriableFailure(target, error)),
        deadline,
        backoffMs: this.metadata.retryBackoffMs,
        maxBackoffMs: this.metadata.retryBackoffMaxMs,
        jitter: true,
        signal,
      });
    } catch (error) {
      if (answered !== null && error === answeredError) return answered;
      throw error;
    }
  }

  /** Forgets the coordinator a failed call to `target` went to: the next attempt looks it up again. */
  private forgetCoordinatorOf(target: Target): void {
    if (typeof target === 'object' && 'coordinator' in target) {
      this.forgetCoordinator(target.coordinator.key, target.coordinator.type);
    }
  }

  /**
   * Writes a request the broker does not answer (Produce with acks=0) to `target`'s connection.
   * No retries.
   */
  async send<A extends AnyApi>(
    target: Target,
    api: A,
    request: RequestInput<A>,
    options: ClusterCallOptions = {},
  ): Promise<void> {
    const { connection } = await this.connectionTo(target, options.purpose, options.signal);
    await connection.send(api, request, options);
  }

  /**
   * Learns from a response: the KIP-951 leader hints of Produce and Fetch responses. {@link call}
   * does this itself; callers that use pooled connections directly call it. Returns the hints applied.
   */
  noteResponse(api: AnyApi, response: unknown): LeaderHint[] {
    const nameOf = (topicId: string) => this.metadata.topicById(topicId)?.name;
    let found: LeaderHints;
    if (api.apiKey === Produce.apiKey)
      found = produceLeaderHints(response as ResponseOf<typeof Produce>, nameOf);
    else if (api.apiKey === Fetch.apiKey)
      found = fetchLeaderHints(response as ResponseOf<typeof Fetch>, nameOf);
    else return [];
    if (found.hints.length === 0 && found.endpoints.length === 0) return [];
    return this.metadata.applyLeaderHints(found.hints, found.endpoints);
  }

  /** Closes every connection and fails waiting refreshes; leaves no timer or socket behind. */
  close(): void {
    this.metadata.close();
    this.pool.close();
  }

  private async lookUpCoordinator(key: string, type: CoordinatorType, signal?: AbortSignal): Promise<number> {
    const response = await this.call('any', FindCoordinator, findCoordinatorRequest(key, type), {
      signal,
      errorCodeOf: (r: ResponseOf<typeof FindCoordinator>) => coordinatorEntry(r, key).errorCode,
      retryOn: (error) => error.retriable,
    });
    const entry = coordinatorEntry(response, key);
    const error = kafkaErrorFor(entry.errorCode, entry.errorMessage);
    if (error !== null) throw error;
    this.pool.setBrokers([entry], { replace: false });
    this.coordinators.set(`${type}:${key}`, entry.nodeId);
    return entry.nodeId;
  }

  private defaultErrorCode(target: Target): (response: unknown) => number {
    if (typeof target === 'object' && 'leaderOf' in target) {
      const { topic, partition } = target.leaderOf;
      return (response) =>
        partitionErrorCode(response, topic, this.metadata.topic(topic)?.topicId, partition);
    }
    return topLevelErrorCode;
  }

  /** Lost connections, timeouts and (for a leader) a partition not in metadata yet are retried. */
  private retriableFailure(target: Target, error: unknown): boolean {
    if (this.closed) return false;
    if (isRetriable(error)) return true;
    return (
      typeof target === 'object' &&
      'leaderOf' in target &&
      error instanceof MetadataError &&
      error.code === 'LK_METADATA_NO_PARTITION'
    );
  }

  private topicErrorCode(topic: string): number {
    const entry = this.metadata.lastResponse?.topics.find((t: { name: string | null }) => t.name === topic);
    return entry?.errorCode ?? ErrorCode.NONE;
  }
}

function defaultRetryOn(target: Target): (error: KafkaError) => boolean {
  if (typeof target === 'object' && 'leaderOf' in target) return (error) => error.invalidMetadata;
  if (typeof target === 'object' && 'coordinator' in target) {
    return (error) => COORDINATOR_MOVED.has(error.errorCode);
  }
  return () => false;
}

function hinted(applied: readonly LeaderHint[], where: { topic: string; partition: number }): boolean {
  return applied.some((h) => h.topic === where.topic && h.partition === where.partition);
}

function describe(target: Target): string {
  if (target === 'any') return 'any';
  if ('node' in target) return `node ${target.node}`;
  if ('leaderOf' in target) return `leader of ${target.leaderOf.topic}/${target.leaderOf.partition}`;
  return `coordinator of ${target.coordinator.type ?? 'group'} ${target.coordinator.key}`;
}
