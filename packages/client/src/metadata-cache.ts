import { performance } from 'node:perf_hooks';
import { ErrorCode, kafkaErrorFor, Metadata } from '@lk/api';
import { ZERO_UUID } from '@lk/wire';
import type { BrokerPool } from './broker-pool.ts';
import type { ResponseOf } from './connection.ts';
import { delay, exponentialBackoff, untilAborted } from './delay.ts';
import { channels, publish } from './diagnostics.ts';
import { ClientClosedError, ConfigError } from './errors.ts';
import { metadataRequest } from './metadata-request.ts';

type MetadataResponse = ResponseOf<typeof Metadata>;

/** One partition as Metadata (or a newer KIP-951 leader hint) last described it. */
export interface PartitionMetadata {
  readonly topic: string;
  readonly partition: number;
  /** -1 while the partition has no leader. */
  readonly leaderId: number;
  readonly leaderEpoch: number;
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly offline: readonly number[];
  /** The partition's error code in the last Metadata (e.g. LEADER_NOT_AVAILABLE), 0 if none. */
  readonly errorCode: number;
}

/** One topic as Metadata last described it. */
export interface TopicMetadata {
  readonly name: string;
  /** The topic id (a new one after the topic was deleted and created again). */
  readonly topicId: string;
  readonly isInternal: boolean;
  /** By partition index. */
  readonly partitions: readonly PartitionMetadata[];
}

/** A broker of the cluster. */
export interface BrokerMetadata {
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
  readonly rack: string | null;
}

/** A KIP-951 leader hint: a Produce or Fetch response naming the partition's new leader. */
export interface LeaderHint {
  topic: string;
  partition: number;
  leaderId: number;
  leaderEpoch: number;
}

/** Options of a {@link MetadataCache}. */
export interface MetadataCacheOptions {
  /** Wait before the first refresh after a failed one, doubled per failure. Default 100 (Java's `retry.backoff.ms`). */
  retryBackoffMs?: number;
  /** The longest such wait. Default 1000 (Java's `retry.backoff.max.ms`). */
  retryBackoffMaxMs?: number;
}

interface Round {
  /** null: every topic. */
  topics: Set<string> | null;
  promise: Promise<MetadataResponse>;
  resolve(response: MetadataResponse): void;
  reject(error: unknown): void;
}

/**
 * What lk knows of a cluster: topics → partitions → leader, leader epoch, replicas, ISR and offline
 * replicas; topic ids ↔ names; brokers by node id; the controller and the cluster id. Refreshed on
 * demand ({@link refresh}); concurrent refreshes coalesce into one Metadata request (a request asked
 * for while one is running waits for it and carries every topic asked for meanwhile), and after a
 * failed refresh the next waits 100 ms doubling to 1 s (with jitter). KIP-951 leader hints from
 * Produce and Fetch responses update leaders without a Metadata round trip ({@link applyLeaderHints}).
 * Metadata goes to any broker of the {@link BrokerPool}, which learns the brokers' addresses from it.
 *
 * @example
 * ```ts
 * const metadata = new MetadataCache(pool);
 * await metadata.refresh(['events']);
 * metadata.partition('events', 0)?.leaderId; // 2
 * metadata.topicById(metadata.topic('events')!.topicId)?.name; // 'events'
 * ```
 */
export class MetadataCache {
  readonly pool: BrokerPool;
  readonly retryBackoffMs: number;
  readonly retryBackoffMaxMs: number;
  /** The cluster id, once known. */
  clusterId: string | null = null;
  /** The active controller's node id (-1 when unknown). */
  controllerId = -1;
  /** The last Metadata response, raw. */
  lastResponse: MetadataResponse | null = null;
  private readonly topicsByName = new Map<string, TopicMetadata>();
  private readonly topicsById = new Map<string, TopicMetadata>();
  private readonly brokersById = new Map<number, BrokerMetadata>();
  private running: Round | null = null;
  private queued: Round | null = null;
  private failures = 0;
  private retryAt = 0;
  private isClosed = false;

  constructor(pool: BrokerPool, options: MetadataCacheOptions = {}) {
    this.pool = pool;
    this.retryBackoffMs = options.retryBackoffMs ?? 100;
    this.retryBackoffMaxMs = options.retryBackoffMaxMs ?? 1000;
    for (const key of ['retryBackoffMs', 'retryBackoffMaxMs'] as const) {
      if (!(this[key] >= 0)) throw new ConfigError(`${key} must be 0 or more, got ${this[key]}`);
    }
  }

  /** The brokers, by node id. */
  get brokers(): ReadonlyMap<number, BrokerMetadata> {
    return this.brokersById;
  }

  /** The topics known so far, by name. */
  get topics(): ReadonlyMap<string, TopicMetadata> {
    return this.topicsByName;
  }

  /** The cached metadata of topic `name`, or undefined when it is not known (yet). */
  topic(name: string): TopicMetadata | undefined {
    return this.topicsByName.get(name);
  }

  /** The topic with id `topicId` (Fetch v13+ and KIP-848 assignments name topics by id). */
  topicById(topicId: string): TopicMetadata | undefined {
    return this.topicsById.get(topicId);
  }

  /** The cached metadata of one partition, or undefined when it is not known (yet). */
  partition(topic: string, partition: number): PartitionMetadata | undefined {
    return this.topicsByName.get(topic)?.partitions[partition];
  }

  /**
   * Asks for fresh metadata of `topics` (null: every topic; `[]`: brokers only) and updates the
   * cache. Joins a running refresh that covers them, or the next one. Resolves with the raw
   * response; a topic the cluster does not have is dropped from the cache (its error code is in
   * the response). `signal` stops this caller's wait, not the request.
   */
  refresh(topics: readonly string[] | null = null, signal?: AbortSignal): Promise<MetadataResponse> {
    if (this.isClosed) return Promise.reject(new ClientClosedError('the metadata cache'));
    const running = this.running;
    if (running !== null && covers(running.topics, topics)) return untilAborted(running.promise, signal);
    if (this.queued === null) {
      this.queued = newRound(topics);
      // Callers in the same tick share the request.
      if (running === null) queueMicrotask(() => this.startQueued());
    } else {
      this.queued.topics = union(this.queued.topics, topics);
    }
    return untilAborted(this.queued.promise, signal);
  }

  /**
   * Applies KIP-951 leader hints: each moves its partition to the hinted leader when the hinted
   * epoch is newer than the cached one; `endpoints` (the response's `nodeEndpoints`) add brokers.
   * Returns the hints applied.
   */
  applyLeaderHints(
    hints: readonly LeaderHint[],
    endpoints: readonly { nodeId: number; host: string; port: number; rack?: string | null }[] = [],
  ): LeaderHint[] {
    for (const e of endpoints) {
      this.brokersById.set(e.nodeId, { nodeId: e.nodeId, host: e.host, port: e.port, rack: e.rack ?? null });
    }
    if (endpoints.length > 0) this.pool.setBrokers(endpoints, { replace: false });
    const applied: LeaderHint[] = [];
    for (const hint of hints) {
      const topic = this.topicsByName.get(hint.topic);
      const current = topic?.partitions[hint.partition];
      if (current === undefined || hint.leaderId < 0 || !(hint.leaderEpoch > current.leaderEpoch)) continue;
      (topic!.partitions as PartitionMetadata[])[hint.partition] = {
        ...current,
        leaderId: hint.leaderId,
        leaderEpoch: hint.leaderEpoch,
        errorCode: ErrorCode.NONE,
      };
      applied.push(hint);
    }
    return applied;
  }

  /** Forgets `topic` (e.g. after UNKNOWN_TOPIC_ID): the next lookup refreshes. */
  forget(topic: string): void {
    const known = this.topicsByName.get(topic);
    if (known === undefined) return;
    this.topicsByName.delete(topic);
    if (this.topicsById.get(known.topicId) === known) this.topicsById.delete(known.topicId);
  }

  /** Fails waiting refreshes; later ones throw `LK_CLIENT_CLOSED`. Does not close the pool. */
  close(): void {
    this.isClosed = true;
    const error = new ClientClosedError('the metadata cache');
    this.queued?.reject(error);
    this.queued = null;
  }

  private startQueued(): void {
    const round = this.queued;
    if (this.running !== null || round === null) return;
    this.queued = null;
    this.running = round;
    const settle = (): void => {
      // Before the callers resume: a refresh they ask for next must not join this finished one.
      this.running = null;
      this.startQueued();
    };
    this.fetch(round.topics === null ? null : [...round.topics]).then(
      (response) => {
        settle();
        round.resolve(response);
      },
      (error: unknown) => {
        settle();
        round.reject(error);
      },
    );
  }

  private async fetch(topics: string[] | null): Promise<MetadataResponse> {
    const wait = this.retryAt - performance.now();
    if (wait > 0) await delay(wait);
    if (this.isClosed) throw new ClientClosedError('the metadata cache');
    const started = performance.now();
    let nodeId = -1;
    try {
      const any = await this.pool.anyConnection('requests');
      nodeId = any.nodeId;
      const response = await any.connection.call(Metadata, metadataRequest(topics));
      const error = kafkaErrorFor(response.errorCode);
      if (error !== null) throw error;
      this.apply(response, topics);
      this.failures = 0;
      this.retryAt = 0;
      publish(channels.metadataRefresh, () => ({
        topics,
        nodeId,
        durationMs: performance.now() - started,
        error: null,
      }));
      return response;
    } catch (error) {
      this.failures++;
      this.retryAt =
        performance.now() + exponentialBackoff(this.failures, this.retryBackoffMs, this.retryBackoffMaxMs);
      publish(channels.metadataRefresh, () => ({
        topics,
        nodeId,
        durationMs: performance.now() - started,
        error: error as Error,
      }));
      throw error;
    }
  }

  private apply(response: MetadataResponse, asked: readonly string[] | null): void {
    this.lastResponse = response;
    this.clusterId = response.clusterId;
    this.controllerId = response.controllerId;
    this.brokersById.clear();
    for (const b of response.brokers) {
      this.brokersById.set(b.nodeId, { nodeId: b.nodeId, host: b.host, port: b.port, rack: b.rack });
    }
    this.pool.setBrokers(response.brokers);
    const seen = new Set<string>();
    for (const t of response.topics) {
      if (t.name === null) continue;
      seen.add(t.name);
      // A topic the cluster lacks (or whose metadata is not ready) leaves the cache.
      if (t.errorCode !== ErrorCode.NONE) {
        this.forget(t.name);
        continue;
      }
      const partitions: PartitionMetadata[] = [];
      for (const p of t.partitions) {
        partitions[p.partitionIndex] = {
          topic: t.name,
          partition: p.partitionIndex,
          leaderId: p.leaderId,
          leaderEpoch: p.leaderEpoch,
          replicas: p.replicaNodes,
          isr: p.isrNodes,
          offline: p.offlineReplicas,
          errorCode: p.errorCode,
        };
      }
      this.forget(t.name);
      const topic: TopicMetadata = { name: t.name, topicId: t.topicId, isInternal: t.isInternal, partitions };
      this.topicsByName.set(t.name, topic);
      if (t.topicId !== ZERO_UUID) this.topicsById.set(t.topicId, topic);
    }
    // All topics were asked for: those not listed are gone.
    const gone = asked === null ? [...this.topicsByName.keys()] : asked;
    for (const name of gone) if (!seen.has(name)) this.forget(name);
  }
}

function newRound(topics: readonly string[] | null): Round {
  let resolve!: (response: MetadataResponse) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<MetadataResponse>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Callers may all have stopped waiting; the round's own failure is not unhandled then.
  promise.catch(() => {});
  return { topics: topics === null ? null : new Set(topics), promise, resolve, reject };
}

/** Whether a request for `running` answers a request for `wanted`. */
function covers(running: Set<string> | null, wanted: readonly string[] | null): boolean {
  if (running === null) return true;
  return wanted?.every((t) => running.has(t)) ?? false;
}

function union(a: Set<string> | null, b: readonly string[] | null): Set<string> | null {
  if (a === null || b === null) return null;
  for (const t of b) a.add(t);
  return a;
}
