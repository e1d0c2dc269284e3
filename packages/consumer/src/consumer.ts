import { EventEmitter } from 'node:events';
import { ApiKey } from '@lk/api';
import { ClientClosedError, Cluster, GroupClient, preferNativeCrc32c } from '@lk/client';
import { CommitError } from './errors.ts';
import type { PartitionBatch } from './fetch/fetched-batch.ts';
import type { FetcherItem } from './fetch/fetcher.ts';
import { Fetcher } from './fetch/fetcher.ts';
import { ClassicDriver } from './group/classic-driver.ts';
import { ConsumerDriver, ConsumerProtocolUnsupported } from './group/consumer-driver.ts';
import type { RebalanceHandler } from './group/rebalance.ts';
import { OffsetLedger } from './offset-ledger.ts';
import {
  type ConsumerOptions,
  connectionOptionsOf,
  type ResolvedConsumerOptions,
  resolveConsumerOptions,
} from './options.ts';
import { groupByTopic, partitionKey, type TopicPartition } from './topic-partition.ts';

/** Callbacks on assignment changes; each may be async and is awaited before the member goes on. */
export interface RebalanceListener {
  /** New partitions, their positions resolved (committed offsets or `autoOffsetReset`). */
  onAssigned?(partitions: readonly TopicPartition[]): void | Promise<void>;
  /** Before these are given up: their batches in progress are done and (autoCommit) committed. */
  onRevoked?(partitions: readonly TopicPartition[]): void | Promise<void>;
  /** These were taken away (the member was fenced, kicked or timed out): another may own them. */
  onLost?(partitions: readonly TopicPartition[]): void | Promise<void>;
}

/** Options of {@link Consumer}: see the README for every option and its default. */
export interface ConsumerConfig extends ConsumerOptions, RebalanceListener {}

/** Lag of one partition. */
export interface PartitionLag extends TopicPartition {
  /** Next offset to be handed out (null before it is known). */
  position: bigint | null;
  highWatermark: bigint;
  /** Records behind the end (read_committed: the last stable offset); null when unknown. */
  lag: bigint | null;
}

/** Options of {@link Consumer.run}. */
export interface RunOptions {
  /** Called with each partition's batches in order; never twice at once for one partition. */
  eachBatch(batch: PartitionBatch): void | Promise<void>;
  /** Partitions whose batches are handled at the same time. Default 1. */
  partitionConcurrency?: number;
  /** Stops the loop (run resolves). */
  signal?: AbortSignal;
}

/** The events of a {@link Consumer}. */
export interface ConsumerEvents {
  assigned: [partitions: TopicPartition[]];
  revoked: [partitions: TopicPartition[]];
  lost: [partitions: TopicPartition[]];
  /** The member joins the group again (after a rebalance, or fenced, timed out or kicked: `lost`). */
  rejoin: [info: { reason: string; lost: boolean; cause: Error | null }];
  /** Which group protocol the member speaks. */
  protocol: [protocol: 'classic' | 'consumer'];
  /** An auto or async commit failed (the next commit carries the offsets again). */
  commitFailed: [error: Error];
  /** Offsets the coordinator accepted (every commit: auto, manual, before revocation). */
  committed: [offsets: { topic: string; partition: number; offset: bigint }[]];
}

/**
 * A Kafka consumer: a member of a consumer group (KIP-848 where the coordinator supports it, the
 * classic protocol otherwise or when asked) or a consumer of a manual assignment. Records come as
 * per-partition batches, ordered within a partition, from {@link batches} (an async iterator) or
 * {@link run}. A batch counts as processed once the loop asks for the next one (or leaves):
 * auto-commit and {@link commit} store the offsets after processed batches, with their leader
 * epochs: at least once delivery.
 *
 * @example
 * ```ts
 * const consumer = new Consumer({ bootstrap: '127.0.0.1:9092', groupId: 'billing', topics: ['orders'] });
 * for await (const batch of consumer) {
 *   for (const record of batch.records) handle(record);
 * }
 * ```
 */
export class Consumer extends EventEmitter<ConsumerEvents> {
  readonly options: ResolvedConsumerOptions;
  readonly cluster: Cluster;
  readonly fetcher: Fetcher;
  /** The group's client (coordinator calls, commits); null without a groupId. */
  readonly group: GroupClient | null;
  readonly ledger = new OffsetLedger();
  /** The protocol in use once the member started; null in manual assignment. */
  protocol: 'classic' | 'consumer' | null = null;
  private readonly listener: RebalanceListener;
  private readonly stopping = new AbortController();
  private started: Promise<void> | null = null;
  private membership: Promise<void> | null = null;
  private driver: ClassicDriver | ConsumerDriver | null = null;
  /** Per partition: the batch being processed, settled when it is done. */
  private readonly inProgress = new Map<string, Promise<void>>();
  private autoCommitTimer: NodeJS.Timeout | null = null;
  private failure: Error | null = null;
  private closed: Promise<void> | null = null;

  constructor(config: ConsumerConfig) {
    super();
    const { onAssigned, onRevoked, onLost, ...options } = config;
    this.listener = { onAssigned, onRevoked, onLost };
    this.options = resolveConsumerOptions(options);
    const connection = connectionOptionsOf(options);
    // A response holds up to maxBytes of records plus the fields around them.
    const maxResponseSize = Math.min(
      2 ** 31 - 1,
      Math.max(connection.maxResponseSize ?? 0, this.options.maxBytes + 1024 * 1024),
    );
    this.cluster = new Cluster({ ...connection, maxResponseSize });
    this.fetcher = new Fetcher(this.cluster, this.options);
    this.group =
      this.options.groupId === null
        ? null
        : new GroupClient({
            ...connection,
            groupId: this.options.groupId,
            groupInstanceId: this.options.groupInstanceId,
            cluster: this.cluster,
          });
  }

  /** Joins the group (or takes the manual assignment); the iterator and run() call it themselves. */
  start(): Promise<void> {
    this.started ??= this.begin();
    return this.started;
  }

  /** The partitions assigned now. */
  assignment(): TopicPartition[] {
    return this.fetcher.partitions.map((s) => ({ topic: s.topic, partition: s.partition }));
  }

  /** Position, high watermark and lag of every assigned partition. */
  lag(): PartitionLag[] {
    const readCommitted = this.options.isolationLevel === 'read_committed';
    return this.fetcher.partitions.map((s) => ({
      topic: s.topic,
      partition: s.partition,
      position: s.position,
      highWatermark: s.highWatermark,
      lag: s.lag(readCommitted),
    }));
  }

  /** Stops fetching `partitions` until resume(); an unassigned partition is a RangeError. */
  pause(partitions: readonly TopicPartition[]): void {
    this.fetcher.pause(partitions);
  }

  /** Fetches paused `partitions` again, from where they stood. */
  resume(partitions: readonly TopicPartition[]): void {
    this.fetcher.resume(partitions);
  }

  /** Continues `tp` at `offset`, or at `earliest`, `latest` or the first record at a timestamp. */
  async seek(tp: TopicPartition, to: bigint | 'earliest' | 'latest' | Date): Promise<bigint> {
    if (typeof to === 'bigint') {
      this.fetcher.seek(tp, to);
      return to;
    }
    return this.fetcher.seekTo(tp, to);
  }

  /**
   * The async iterator of batches. A batch is processed once the next one is asked for, or the
   * loop is left. Throws the consumer's failures: a partition's {@link NoOffsetError} or
   * {@link LogTruncationError}, a {@link GroupError}.
   */
  async *batches(signal?: AbortSignal): AsyncGenerator<PartitionBatch, void, undefined> {
    await this.start();
    const stop = signal ? AbortSignal.any([signal, this.stopping.signal]) : this.stopping.signal;
    let held: { batch: PartitionBatch; done: () => void } | null = null;
    try {
      for (;;) {
        const item = await this.fetcher.next(stop);
        if (held !== null) {
          this.processed(held.batch);
          held.done();
          held = null;
        }
        if (item === null) {
          if (this.failure !== null) throw this.failure;
          return;
        }
        if ('error' in item) throw item.error;
        held = { batch: item.batch, ...this.hold(item.batch) };
        yield item.batch;
      }
    } finally {
      if (held !== null) {
        this.processed(held.batch);
        held.done();
      }
    }
  }

  /** The batches, as batches() without a signal: `for await (const batch of consumer)`. */
  [Symbol.asyncIterator](): AsyncGenerator<PartitionBatch, void, undefined> {
    return this.batches();
  }

  /**
   * Calls `eachBatch` for every batch, up to `partitionConcurrency` partitions at once, each
   * partition's batches in order. Resolves when `signal` fires or the consumer closes; rejects with
   * the first failure (of `eachBatch`, a partition or the group), after the batches in progress end.
   */
  async run(options: RunOptions): Promise<void> {
    const concurrency = options.partitionConcurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError('partitionConcurrency must be a positive integer');
    }
    await this.start();
    const stop = options.signal
      ? AbortSignal.any([options.signal, this.stopping.signal])
      : this.stopping.signal;
    const chains = new Map<string, Promise<void>>();
    let failed: Error | null = null;
    for (;;) {
      while (chains.size >= concurrency && failed === null) await Promise.race(chains.values());
      if (failed !== null) break;
      const item: FetcherItem | null = await this.fetcher.next(stop);
      if (item === null) break;
      if ('error' in item) {
        failed = item.error;
        break;
      }
      const { batch } = item;
      const key = partitionKey(batch.topic, batch.partition);
      const held = this.hold(batch);
      const previous = chains.get(key) ?? Promise.resolve();
      const chain: Promise<void> = previous
        .then(() => options.eachBatch(batch))
        .then(
          () => this.processed(batch),
          (error: Error) => {
            failed ??= error;
          },
        )
        .finally(() => {
          held.done();
          if (chains.get(key) === chain) chains.delete(key);
        });
      chains.set(key, chain);
    }
    await Promise.all(chains.values());
    if (failed !== null) throw failed;
    if (this.failure !== null) throw this.failure;
  }

  /**
   * Commits the offsets after the processed batches (default: of every partition), with their
   * leader epochs and `metadata`. `sync: false` returns at once; a failure is then emitted as
   * `commitFailed`. Throws {@link CommitError} for partitions the coordinator refused.
   */
  async commit(
    options: { sync?: boolean; partitions?: readonly TopicPartition[]; metadata?: string | null } = {},
  ): Promise<void> {
    const run = this.commitNow(options.partitions, options.metadata ?? null);
    if (options.sync === false) {
      run.catch((error: Error) => this.emit('commitFailed', error));
      return;
    }
    await run;
  }

  /** Committed offsets of `partitions` as the group holds them (-1n where none). */
  async committed(partitions: readonly TopicPartition[]) {
    if (this.group === null)
      throw new ClientClosedError('a consumer without groupId has no committed offsets; the group');
    return this.group.fetchOffsets(
      groupByTopic(partitions).map((t) => ({ topic: t.topic, partitions: t.partitions })),
    );
  }

  /**
   * Stops: leaves the group (revoking, so that with autoCommit the processed offsets are committed
   * first), or commits a manual assignment's offsets, then closes every connection.
   */
  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    if (this.autoCommitTimer !== null) clearInterval(this.autoCommitTimer);
    this.stopping.abort();
    try {
      await this.started;
    } catch {
      // Reported where it was awaited.
    }
    await this.membership;
    if (this.driver !== null) await this.driver.leave();
    else if (this.group !== null && this.options.autoCommit)
      await this.commitNow(undefined, null).catch(() => {});
    this.fetcher.close();
    this.group?.close();
    this.cluster.close();
  }

  private async begin(): Promise<void> {
    // Every fetched batch is checksummed: the native CRC-32C (when @node-rs/crc32 is installed)
    // takes ~3x less CPU than the WebAssembly default (13 % of lk consume's profile). Loaded before
    // the first fetch, whose records are decoded synchronously.
    await preferNativeCrc32c();
    if (this.options.autoCommit && this.group !== null) {
      this.autoCommitTimer = setInterval(() => {
        this.commitNow(undefined, null).catch((error: Error) => this.emit('commitFailed', error));
      }, this.options.autoCommitIntervalMs);
      this.autoCommitTimer.unref?.();
    }
    if (this.options.assignment !== null) {
      await this.assignPartitions(this.options.assignment);
      return;
    }
    this.protocol = await this.chooseProtocol();
    this.emit('protocol', this.protocol);
    this.membership = this.runMembership();
  }

  private async runMembership(): Promise<void> {
    const handler = this.rebalanceHandler();
    const context = { group: this.group!, cluster: this.cluster, options: this.options, handler };
    const signal = this.stopping.signal;
    if (this.protocol === 'consumer') {
      this.driver = new ConsumerDriver(context);
      try {
        await this.driver.run(signal);
        return;
      } catch (error) {
        if (!(error instanceof ConsumerProtocolUnsupported) || this.options.groupProtocol === 'consumer') {
          handler.failed(error as Error);
          return;
        }
        this.protocol = 'classic';
        this.emit('protocol', 'classic');
      }
    }
    this.driver = new ClassicDriver(context);
    await this.driver.run(signal);
  }

  /** `auto`: KIP-848 when the coordinator lists ConsumerGroupHeartbeat in ApiVersions. */
  private async chooseProtocol(): Promise<'classic' | 'consumer'> {
    const asked = this.options.groupProtocol;
    if (asked !== 'auto') return asked;
    const { connection } = await this.cluster.connectionTo(
      { coordinator: { key: this.options.groupId! } },
      'group',
      this.stopping.signal,
    );
    return connection.versions.has(ApiKey.ConsumerGroupHeartbeat) ? 'consumer' : 'classic';
  }

  private rebalanceHandler(): RebalanceHandler {
    return {
      assign: (partitions) => this.assignPartitions(partitions),
      revoke: async (partitions) => {
        await this.stopPartitions(partitions);
        if (this.options.autoCommit) {
          await this.commitNow(partitions, null).catch((error: Error) => this.emit('commitFailed', error));
        }
        await this.listener.onRevoked?.(partitions);
        for (const tp of partitions) this.ledger.untrack(tp);
        this.emit('revoked', [...partitions]);
      },
      lose: async (partitions) => {
        await this.stopPartitions(partitions);
        await this.listener.onLost?.(partitions);
        for (const tp of partitions) this.ledger.untrack(tp);
        this.emit('lost', [...partitions]);
      },
      rejoining: (reason, lost, cause) => this.emit('rejoin', { reason, lost, cause }),
      failed: (error) => {
        this.failure = error;
        this.fetcher.close();
      },
    };
  }

  /** Looks up committed offsets (with a group), then fetches from there or `autoOffsetReset`. */
  private async assignPartitions(partitions: readonly TopicPartition[]): Promise<void> {
    const committed = new Map<string, { offset: bigint; leaderEpoch: number }>();
    if (this.group !== null && partitions.length > 0) {
      for (const c of await this.committedWithRetry(partitions)) {
        if (c.error === null && c.offset >= 0n) {
          committed.set(partitionKey(c.topic, c.partition), { offset: c.offset, leaderEpoch: c.leaderEpoch });
        }
      }
    }
    for (const tp of partitions) {
      const c = committed.get(partitionKey(tp.topic, tp.partition));
      this.ledger.track(tp, c?.offset ?? null);
      this.fetcher.assign(tp, c?.offset ?? null, c?.leaderEpoch ?? -1);
    }
    await this.listener.onAssigned?.(partitions);
    this.emit('assigned', [...partitions]);
  }

  private async committedWithRetry(partitions: readonly TopicPartition[]) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.group!.fetchOffsets(
          groupByTopic(partitions).map((t) => ({ topic: t.topic, partitions: t.partitions })),
          { requireStable: true },
        );
      } catch (error) {
        // UNSTABLE_OFFSET_COMMIT (a transaction is committing offsets) and friends pass.
        if (attempt >= 20 || this.stopping.signal.aborted) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  /** Stops fetching `partitions` and waits for their batches in progress. */
  private async stopPartitions(partitions: readonly TopicPartition[]): Promise<void> {
    this.fetcher.unassign(partitions);
    const waits = partitions.flatMap((tp) => this.inProgress.get(partitionKey(tp.topic, tp.partition)) ?? []);
    await Promise.all(waits);
  }

  private hold(batch: PartitionBatch): { done: () => void } {
    const key = partitionKey(batch.topic, batch.partition);
    let done!: () => void;
    const settled = new Promise<void>((resolve) => {
      done = resolve;
    });
    const previous = this.inProgress.get(key);
    const chained = previous ? Promise.all([previous, settled]).then(() => {}) : settled;
    this.inProgress.set(key, chained);
    return {
      done: () => {
        done();
        void chained.then(() => {
          if (this.inProgress.get(key) === chained) this.inProgress.delete(key);
        });
      },
    };
  }

  private processed(batch: PartitionBatch): void {
    this.fetcher.consumed(batch);
    this.ledger.processed(batch, batch.nextOffset, batch.leaderEpoch);
  }

  private async commitNow(
    partitions: readonly TopicPartition[] | undefined,
    metadata: string | null,
  ): Promise<void> {
    if (this.group === null) return;
    const offsets = this.ledger.uncommitted(partitions, metadata);
    if (offsets.length === 0) return;
    let results: Awaited<ReturnType<GroupClient['commit']>>;
    try {
      results = await this.group.commit(offsets);
    } catch (error) {
      throw new CommitError(
        offsets.map((o) => ({ topic: o.topic, partition: o.partition, error: error as Error })),
        error,
      );
    }
    const failed = results.filter((r) => r.error !== null);
    const refused = new Set(failed.map((r) => partitionKey(r.topic, r.partition)));
    const accepted = offsets.filter((o) => !refused.has(partitionKey(o.topic, o.partition)));
    this.ledger.committed(accepted);
    if (accepted.length > 0) this.emit('committed', accepted);
    if (failed.length > 0) {
      throw new CommitError(failed.map((r) => ({ topic: r.topic, partition: r.partition, error: r.error! })));
    }
  }
}
