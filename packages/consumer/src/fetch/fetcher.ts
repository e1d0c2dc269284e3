import { setImmediate } from 'node:timers';
import { Fetch, type KafkaError, kafkaErrorFor, ListOffsets, OffsetForLeaderEpoch, ReplicaId } from '@lk/api';
import { DecodedRecordSet } from '@lk/batch';
import { type Cluster, OffsetTimestamp, type RequestOf, type ResponseOf } from '@lk/client';
import { ZERO_UUID } from '@lk/wire';
import { LogTruncationError, NoOffsetError } from '../errors.ts';
import { ErrorCode } from '../kafka-codes.ts';
import type { ResolvedConsumerOptions } from '../options.ts';
import { partitionKey, type TopicPartition } from '../topic-partition.ts';
import { type FetchPartitionRequest, FetchSession, isSessionError } from './fetch-session.ts';
import { fetchedBatch, type PartitionBatch } from './fetched-batch.ts';
import { PartitionState } from './partition-state.ts';
import { recordSetTail } from './record-set-tail.ts';
import { type ResponseLease, ResponseLeases } from './response-lease.ts';

type FetchResponse = ResponseOf<typeof Fetch>;
type FetchPartitionData = FetchResponse['responses'][number]['partitions'][number];

/** A fetched record set waiting for the user; decoded when taken. */
interface Buffered {
  state: PartitionState;
  version: number;
  fetchOffset: bigint;
  data: FetchPartitionData;
  nextOffset: bigint;
  lastEpoch: number;
  bytes: number;
  /** With `reuseMemory`: the response's memory, held until the batch is processed or dropped. */
  lease: ResponseLease | null;
}

/** What the fetcher hands out: records, or a partition's failure. */
export type FetcherItem = { batch: PartitionBatch } | { error: Error };

// Partition errors after which the leader is looked up again before the next fetch.
const LEADER_MOVED = new Set<number>([
  ErrorCode.NOT_LEADER_OR_FOLLOWER,
  ErrorCode.FENCED_LEADER_EPOCH,
  ErrorCode.UNKNOWN_LEADER_EPOCH,
  ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
  ErrorCode.UNKNOWN_TOPIC_ID,
  ErrorCode.INCONSISTENT_TOPIC_ID,
]);
const RETRY_BACKOFF_MS = 100;
/**
 * Longest stretch of handing out buffered batches without a turn of the event loop. Buffered
 * batches are handed out in microtasks, which run before any socket is read: a consumer busy with
 * them would not see the next response, nor send the fetch after it, until it ran out of data.
 * Reading a topic to /dev/null, each fetch then waited for the previous one's records to be done.
 */
const MAX_BUSY_MS = 1;
// Fetch v18's highWatermark field is for followers; consumers send its default, int64 max.
const NO_HIGH_WATERMARK = 2n ** 63n - 1n;

/**
 * Fetches every assigned partition: one Fetch in flight per broker for all the partitions it leads
 * (or, with a rack, the replica the leader prefers, KIP-392), in a KIP-227 fetch session. The next
 * fetch of a broker is sent as soon as its response is in, before the records are decoded, as long
 * as the partitions' buffered bytes stay below `maxBufferedBytes` overall and twice
 * `maxPartitionBytes` each. Records reach the user in offset order per partition, decoded when
 * taken ({@link next}). Positions start from the offsets the owner gives ({@link assign}) or from
 * `autoOffsetReset`; a truncated log (Fetch's diverging epoch, or OffsetForLeaderEpoch after a
 * leader change) stops the partition with a {@link LogTruncationError} instead of skipping.
 */
export class Fetcher {
  readonly cluster: Cluster;
  readonly options: ResolvedConsumerOptions;
  private readonly states = new Map<string, PartitionState>();
  private readonly sessions = new Map<number, FetchSession>();
  private readonly busyNodes = new Set<number>();
  private readonly queue: (Buffered | { error: Error })[] = [];
  private waiter: (() => void) | null = null;
  /** When the event loop last ran I/O between two handed-out batches (performance.now()). */
  private lastTurn = 0;
  private bufferedBytes = 0;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly leases: ResponseLeases | null;
  /** Batches handed out that still hold their response's memory. */
  private readonly leased = new WeakMap<PartitionBatch, ResponseLease>();

  constructor(cluster: Cluster, options: ResolvedConsumerOptions) {
    this.cluster = cluster;
    this.options = options;
    this.leases = options.reuseMemory
      ? new ResponseLeases(options.maxPartitionBytes, options.maxBytes)
      : null;
  }

  /** The partitions being fetched. */
  get partitions(): PartitionState[] {
    return [...this.states.values()];
  }

  state(tp: TopicPartition): PartitionState | undefined {
    return this.states.get(partitionKey(tp.topic, tp.partition));
  }

  /**
   * Starts fetching `tp` from `offset` (a committed offset, with its epoch), or from
   * `autoOffsetReset` when null.
   */
  assign(tp: TopicPartition, offset: bigint | null, epoch = -1): void {
    const key = partitionKey(tp.topic, tp.partition);
    if (this.states.has(key)) return;
    const state = new PartitionState(tp.topic, tp.partition);
    this.states.set(key, state);
    if (offset !== null && offset >= 0n) {
      state.seek(offset, epoch);
      this.schedule();
    } else {
      void this.reset(state, null);
    }
  }

  /** Stops fetching these partitions and drops what is buffered for them. */
  unassign(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) {
      const state = this.states.get(partitionKey(tp.topic, tp.partition));
      if (state === undefined) continue;
      this.states.delete(partitionKey(tp.topic, tp.partition));
      state.version++;
    }
    this.dropStale();
    // The bytes dropped may have held back the other partitions' fetches.
    this.schedule();
  }

  /** Moves a partition's position (dropping buffered records). */
  seek(tp: TopicPartition, offset: bigint): void {
    const state = this.required(tp);
    state.seek(offset);
    this.dropStale();
    this.schedule();
  }

  /** Moves a partition to `earliest`, `latest` or the first offset at a timestamp (ms). */
  async seekTo(tp: TopicPartition, where: 'earliest' | 'latest' | number | Date): Promise<bigint> {
    const state = this.required(tp);
    const timestamp =
      where === 'earliest'
        ? OffsetTimestamp.earliest
        : where === 'latest'
          ? OffsetTimestamp.latest
          : BigInt(where instanceof Date ? where.getTime() : where);
    let offset = await this.listOffset(state, timestamp);
    // No record at or after the timestamp: the end, as Java's offsetsForTimes plus seekToEnd.
    if (offset < 0n) offset = await this.listOffset(state, OffsetTimestamp.latest);
    state.seek(offset);
    this.dropStale();
    this.schedule();
    return offset;
  }

  /**
   * Stops fetching these partitions and holds back what is buffered or in flight for them (as
   * Java's poll does) until {@link resume}.
   */
  pause(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) this.required(tp).paused = true;
  }

  resume(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) this.required(tp).paused = false;
    this.schedule();
    // Their held-back batches may be ready now.
    this.waiter?.();
  }

  /** The next batch or partition failure, waiting for one; null once closed or `signal` fired. */
  async next(signal?: AbortSignal): Promise<FetcherItem | null> {
    for (;;) {
      if (this.closed || signal?.aborted) return null;
      if (performance.now() - this.lastTurn > MAX_BUSY_MS) {
        // After the poll phase: responses that came in meanwhile are read, next fetches sent.
        await new Promise<void>((resolve) => setImmediate(resolve));
        this.lastTurn = performance.now();
        continue;
      }
      const item = this.shiftReady();
      if (item === undefined) {
        await new Promise<void>((resolve) => {
          const done = (): void => {
            signal?.removeEventListener('abort', done);
            this.waiter = null;
            resolve();
          };
          this.waiter = done;
          signal?.addEventListener('abort', done, { once: true });
        });
        this.lastTurn = performance.now();
        continue;
      }
      if ('error' in item) return item;
      const batch = this.take(item);
      if (batch !== null) return { batch };
    }
  }

  /** The first queued item not held back by a pause (a failure always passes). */
  private shiftReady(): Buffered | { error: Error } | undefined {
    const i = this.queue.findIndex((item) => 'error' in item || !item.state.paused);
    return i < 0 ? undefined : this.queue.splice(i, 1)[0];
  }

  /** A user's position moved past a batch: commits and lag count from there. */
  consumed(batch: PartitionBatch): void {
    const lease = this.leased.get(batch);
    if (lease !== undefined) {
      this.leased.delete(batch);
      lease.release();
    }
    const state = this.state(batch);
    if (state === undefined || state.position === null || batch.nextOffset < state.position) return;
    state.position = batch.nextOffset;
    state.positionEpoch = batch.leaderEpoch;
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.queue.length = 0;
    this.waiter?.();
  }

  /** Sends a fetch to every broker that has fetchable partitions and none in flight. */
  schedule(): void {
    if (this.closed) return;
    const byNode = new Map<number, PartitionState[]>();
    let waitingForMetadata = false;
    for (const state of this.states.values()) {
      if (!this.fetchable(state)) continue;
      const node = this.nodeFor(state);
      if (node === undefined) {
        waitingForMetadata = true;
        continue;
      }
      if (this.busyNodes.has(node)) continue;
      const list = byNode.get(node);
      if (list) list.push(state);
      else byNode.set(node, [state]);
    }
    for (const [node, states] of byNode) void this.fetchFrom(node, states);
    if (waitingForMetadata) this.refreshThenSchedule();
  }

  private fetchable(state: PartitionState): boolean {
    return (
      !state.paused &&
      !state.inFlight &&
      !state.busy &&
      state.error === null &&
      state.fetchPosition !== null &&
      state.bufferedBytes < 2 * this.options.maxPartitionBytes &&
      this.bufferedBytes < this.options.maxBufferedBytes
    );
  }

  /** The node to fetch from: the preferred replica, else the cached leader (undefined: look it up). */
  private nodeFor(state: PartitionState): number | undefined {
    if (state.preferredReplica >= 0 && this.cluster.pool.addressOf(state.preferredReplica)) {
      return state.preferredReplica;
    }
    const known = this.cluster.metadata.partition(state.topic, state.partition);
    const topicId = this.cluster.metadata.topic(state.topic)?.topicId;
    if (known === undefined || known.leaderId < 0 || topicId === undefined || topicId === ZERO_UUID)
      return undefined;
    if (!this.cluster.pool.addressOf(known.leaderId)) return undefined;
    return known.leaderId;
  }

  private refreshing = false;

  /**
   * Refreshes the metadata of the assigned topics, then fetches; always ends in a {@link schedule}
   * (a refresh under way does it when it ends, a pending delayed one when it runs).
   */
  private refreshThenSchedule(delayMs = 0): void {
    if (this.closed) return;
    // Only then marked as refreshing: a delayed call dropped by `later` (a timer already pending)
    // must not leave the flag set with no refresh to clear it, which stopped every later refresh.
    if (delayMs > 0) {
      this.later(delayMs, () => this.refreshThenSchedule());
      return;
    }
    if (this.refreshing) return;
    this.refreshing = true;
    const topics = [...new Set([...this.states.values()].map((s) => s.topic))];
    const run = async (): Promise<void> => {
      try {
        await this.cluster.metadata.refresh(topics);
      } catch {
        // Retried below after a backoff.
      } finally {
        this.refreshing = false;
      }
      const missing = [...this.states.values()].some(
        (s) => this.fetchable(s) && this.nodeFor(s) === undefined,
      );
      if (missing) this.later(RETRY_BACKOFF_MS, () => this.refreshThenSchedule());
      this.schedule();
    };
    void run();
  }

  private later(ms: number, task: () => void): void {
    if (this.closed || this.retryTimer !== null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      task();
    }, ms);
    this.retryTimer.unref?.();
  }

  private session(node: number): FetchSession {
    let session = this.sessions.get(node);
    if (session === undefined) {
      session = new FetchSession();
      this.sessions.set(node, session);
    }
    return session;
  }

  private async fetchFrom(node: number, states: PartitionState[]): Promise<void> {
    const o = this.options;
    const session = this.session(node);
    const wanted: FetchPartitionRequest[] = states.map((s) => {
      const meta = this.cluster.metadata.partition(s.topic, s.partition);
      s.leaderEpoch = meta?.leaderEpoch ?? -1;
      return {
        topic: s.topic,
        topicId: this.cluster.metadata.topic(s.topic)?.topicId ?? ZERO_UUID,
        partition: s.partition,
        fetchOffset: s.fetchPosition!,
        currentLeaderEpoch: s.leaderEpoch,
        lastFetchedEpoch: s.lastFetchedEpoch,
        maxBytes: o.maxPartitionBytes,
      };
    });
    const sent = session.next(wanted);
    const versions = new Map(states.map((s) => [s, s.version]));
    const offsets = new Map(states.map((s) => [s, s.fetchPosition!]));
    this.busyNodes.add(node);
    for (const s of states) s.inFlight = true;
    let response: FetchResponse;
    const lease = this.leases?.lease() ?? null;
    try {
      response = await this.cluster.call({ node }, Fetch, (version) => fetchRequest(version, o, sent), {
        purpose: 'fetches',
        retry: false,
        timeoutMs: this.cluster.pool.options.requestTimeoutMs + o.maxWaitMs,
        ...(lease !== null && { responseMemory: lease.allocate }),
      });
    } catch (error) {
      lease?.release();
      session.reset();
      this.finish(node, states);
      if (this.closed) return;
      for (const s of states) s.preferredReplica = -1;
      // The broker may be gone: look the leaders up again, then fetch after a backoff.
      this.refreshThenSchedule(RETRY_BACKOFF_MS);
      void error;
      return;
    }
    session.answered(response.errorCode, response.sessionId);
    try {
      this.answered(node, states, versions, offsets, response, lease);
    } finally {
      lease?.release();
    }
  }

  /** Takes a broker's fetch response: the partitions' records are buffered, holding `lease`. */
  private answered(
    node: number,
    states: PartitionState[],
    versions: ReadonlyMap<PartitionState, number>,
    offsets: ReadonlyMap<PartitionState, bigint>,
    response: FetchResponse,
    lease: ResponseLease | null,
  ): void {
    this.finish(node, states);
    if (this.closed) return;
    if (response.errorCode !== ErrorCode.NONE) {
      if (!isSessionError(response.errorCode)) this.refreshThenSchedule(RETRY_BACKOFF_MS);
      else this.schedule();
      return;
    }
    const byTopicPartition = new Map<string, FetchPartitionData>();
    for (const topic of response.responses) {
      const name = topic.topic !== '' ? topic.topic : this.cluster.metadata.topicById(topic.topicId)?.name;
      if (name === undefined) continue;
      for (const p of topic.partitions) byTopicPartition.set(partitionKey(name, p.partitionIndex), p);
    }
    let refresh = false;
    for (const state of states) {
      const data = byTopicPartition.get(partitionKey(state.topic, state.partition));
      // Incremental sessions answer only partitions with news; a seek meanwhile voids the answer.
      if (data === undefined || versions.get(state) !== state.version || !this.isAssigned(state)) continue;
      refresh = this.handle(state, offsets.get(state)!, data, lease) || refresh;
    }
    if (refresh) this.refreshThenSchedule(RETRY_BACKOFF_MS);
    this.schedule();
  }

  private finish(node: number, states: readonly PartitionState[]): void {
    this.busyNodes.delete(node);
    for (const s of states) s.inFlight = false;
  }

  private isAssigned(state: PartitionState): boolean {
    return this.states.get(partitionKey(state.topic, state.partition)) === state;
  }

  /** Takes one partition's answer; returns whether metadata should be refreshed. */
  private handle(
    state: PartitionState,
    fetchOffset: bigint,
    data: FetchPartitionData,
    lease: ResponseLease | null,
  ): boolean {
    state.highWatermark = data.highWatermark;
    state.lastStableOffset = data.lastStableOffset;
    state.logStartOffset = data.logStartOffset;
    if (data.errorCode !== ErrorCode.NONE) return this.partitionError(state, data.errorCode, fetchOffset);
    if (data.divergingEpoch.epoch >= 0) {
      this.fail(
        state,
        new LogTruncationError(state.topic, state.partition, fetchOffset, data.divergingEpoch.endOffset),
      );
      return false;
    }
    if (data.preferredReadReplica >= 0 && data.preferredReadReplica !== state.preferredReplica) {
      state.preferredReplica = data.preferredReadReplica;
    }
    const records = data.records ?? new Uint8Array(0);
    if (records.length === 0) return false;
    const tail = recordSetTail(records);
    // Legacy entries: decode now to know where the partition continues (no record objects made).
    const nextOffset =
      tail.nextOffset ??
      DecodedRecordSet.decode(records, { fetchOffset, decompressors: this.options.decompressors }).nextOffset;
    if (nextOffset === undefined || nextOffset <= fetchOffset) return false;
    state.fetchPosition = nextOffset;
    if (tail.lastEpoch >= 0) state.lastFetchedEpoch = tail.lastEpoch;
    state.bufferedBytes += records.length;
    this.bufferedBytes += records.length;
    lease?.hold();
    this.push({
      state,
      version: state.version,
      fetchOffset,
      data,
      nextOffset,
      lastEpoch: tail.lastEpoch,
      bytes: records.length,
      lease,
    });
    return false;
  }

  private partitionError(state: PartitionState, errorCode: number, fetchOffset: bigint): boolean {
    const wasFollower = state.preferredReplica >= 0;
    state.preferredReplica = -1;
    if (errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
      if (wasFollower) return false; // the follower lags: ask the leader
      void this.reset(state, fetchOffset);
      return false;
    }
    if (LEADER_MOVED.has(errorCode) || kafkaErrorFor(errorCode)?.invalidMetadata || wasFollower) {
      if (errorCode === ErrorCode.FENCED_LEADER_EPOCH || errorCode === ErrorCode.NOT_LEADER_OR_FOLLOWER) {
        void this.validate(state);
      }
      return true;
    }
    const error = kafkaErrorFor(errorCode) as KafkaError;
    if (error.retriable) return true;
    this.fail(state, error);
    return false;
  }

  /** Stops the partition and tells the user. */
  private fail(state: PartitionState, error: Error): void {
    state.error = error;
    this.push({ error });
  }

  private push(item: Buffered | { error: Error }): void {
    this.queue.push(item);
    this.waiter?.();
  }

  /** Decodes a buffered record set for the user; null if it went stale (seek, revocation). */
  private take(item: Buffered): PartitionBatch | null {
    const { state } = item;
    item.state.bufferedBytes -= item.bytes;
    this.bufferedBytes -= item.bytes;
    this.schedule();
    if (item.version !== state.version || !this.isAssigned(state)) {
      item.lease?.release();
      return null;
    }
    // Batch by batch (CRCs, decompression, control and aborted batches); records when walked.
    const set = DecodedRecordSet.decode(item.data.records!, {
      fetchOffset: item.fetchOffset,
      decompressors: this.options.decompressors,
      abortedTransactions:
        this.options.isolationLevel === 'read_committed' ? (item.data.abortedTransactions ?? []) : undefined,
    });
    const readCommitted = this.options.isolationLevel === 'read_committed';
    const end = readCommitted ? state.lastStableOffset : state.highWatermark;
    const batch = fetchedBatch(
      {
        topic: state.topic,
        partition: state.partition,
        nextOffset: item.nextOffset,
        leaderEpoch: item.lastEpoch,
        highWatermark: state.highWatermark,
        lag: end > item.nextOffset ? end - item.nextOffset : 0n,
      },
      set,
    );
    if (item.lease !== null) this.leased.set(batch, item.lease);
    // Batches of control records only move the position.
    if (!set.hasRecords) {
      this.consumed(batch);
      return null;
    }
    return batch;
  }

  private dropStale(): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const item = this.queue[i]!;
      if ('error' in item) continue;
      if (item.version === item.state.version && this.isAssigned(item.state)) continue;
      this.queue.splice(i, 1);
      item.state.bufferedBytes -= item.bytes;
      this.bufferedBytes -= item.bytes;
      item.lease?.release();
    }
  }

  /** `autoOffsetReset` for a partition without a position, or whose `outOfRange` offset is gone. */
  private async reset(state: PartitionState, outOfRange: bigint | null): Promise<void> {
    const policy = this.options.autoOffsetReset;
    if (policy === 'none') {
      this.fail(state, new NoOffsetError(state.topic, state.partition, outOfRange));
      return;
    }
    const version = state.version;
    state.busy = true;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const offset = await this.listOffset(
            state,
            policy === 'earliest' ? OffsetTimestamp.earliest : OffsetTimestamp.latest,
          );
          if (state.version === version) state.seek(offset);
          return;
        } catch (error) {
          if (this.closed || !this.isAssigned(state)) return;
          if (attempt >= 5) {
            this.fail(state, error as Error);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, RETRY_BACKOFF_MS * 2 ** attempt));
        }
      }
    } finally {
      state.busy = false;
      this.schedule();
    }
  }

  private async listOffset(state: PartitionState, timestamp: bigint): Promise<bigint> {
    const response = await this.cluster.call({ leaderOf: state }, ListOffsets, {
      ...ListOffsets.newRequest(),
      isolationLevel: this.options.isolationLevel === 'read_committed' ? 1 : 0,
      topics: [
        {
          name: state.topic,
          partitions: [
            {
              partitionIndex: state.partition,
              currentLeaderEpoch:
                this.cluster.metadata.partition(state.topic, state.partition)?.leaderEpoch ?? -1,
              timestamp,
            },
          ],
        },
      ],
    });
    const p = response.topics[0]?.partitions[0];
    const error = kafkaErrorFor(p?.errorCode ?? ErrorCode.NONE);
    if (error !== null) throw error;
    return p?.offset ?? -1n;
  }

  /**
   * After a leader change: asks the new leader where the log of the last fetched epoch ends
   * (KIP-320). An end below the fetch position means records the consumer read are gone.
   */
  private async validate(state: PartitionState): Promise<void> {
    if (state.lastFetchedEpoch < 0 || state.busy) return;
    const version = state.version;
    state.busy = true;
    try {
      await this.cluster.metadata.refresh([state.topic]);
      const response = await this.cluster.call({ leaderOf: state }, OffsetForLeaderEpoch, {
        ...OffsetForLeaderEpoch.newRequest(),
        replicaId: ReplicaId.CONSUMER,
        topics: [
          {
            topic: state.topic,
            partitions: [
              {
                partition: state.partition,
                currentLeaderEpoch:
                  this.cluster.metadata.partition(state.topic, state.partition)?.leaderEpoch ?? -1,
                leaderEpoch: state.lastFetchedEpoch,
              },
            ],
          },
        ],
      });
      const p = response.topics[0]?.partitions[0];
      if (p === undefined || p.errorCode !== ErrorCode.NONE || state.version !== version) return;
      const position = state.fetchPosition;
      if (position !== null && p.endOffset >= 0n && p.endOffset < position) {
        this.fail(state, new LogTruncationError(state.topic, state.partition, position, p.endOffset));
      }
    } catch {
      // The next fetch finds out again.
    } finally {
      state.busy = false;
      this.schedule();
    }
  }

  private required(tp: TopicPartition): PartitionState {
    const state = this.state(tp);
    if (state === undefined) throw new RangeError(`${tp.topic}/${tp.partition} is not assigned`);
    return state;
  }
}

/** Builds the Fetch request of a session step for the version in use (topic ids from v13). */
function fetchRequest(
  version: number,
  o: ResolvedConsumerOptions,
  sent: ReturnType<FetchSession['next']>,
): RequestOf<typeof Fetch> {
  const byId = version >= 13;
  const topics = new Map<string, { topic: string; topicId: string; partitions: FetchPartitionRequest[] }>();
  for (const p of sent.partitions) {
    const key = byId ? p.topicId : p.topic;
    const entry = topics.get(key);
    if (entry) entry.partitions.push(p);
    else topics.set(key, { topic: p.topic, topicId: p.topicId, partitions: [p] });
  }
  const forgotten = new Map<string, { topic: string; topicId: string; partitions: number[] }>();
  for (const f of sent.forgotten) {
    const key = byId ? f.topicId : f.topic;
    const entry = forgotten.get(key);
    if (entry) entry.partitions.push(f.partition);
    else forgotten.set(key, { topic: f.topic, topicId: f.topicId, partitions: [f.partition] });
  }
  return {
    ...Fetch.newRequest(),
    maxWaitMs: o.maxWaitMs,
    minBytes: o.minBytes,
    maxBytes: o.maxBytes,
    isolationLevel: o.isolationLevel === 'read_committed' ? 1 : 0,
    sessionId: version >= 7 ? sent.sessionId : 0,
    sessionEpoch: version >= 7 ? sent.sessionEpoch : -1,
    rackId: version >= 11 ? (o.rackId ?? '') : '',
    topics: [...topics.values()].map((t) => ({
      topic: byId ? '' : t.topic,
      topicId: byId ? t.topicId : ZERO_UUID,
      partitions: t.partitions.map((p) => ({
        partition: p.partition,
        currentLeaderEpoch: version >= 9 ? p.currentLeaderEpoch : -1,
        fetchOffset: p.fetchOffset,
        lastFetchedEpoch: version >= 12 ? p.lastFetchedEpoch : -1,
        logStartOffset: -1n,
        partitionMaxBytes: p.maxBytes,
        replicaDirectoryId: ZERO_UUID,
        highWatermark: NO_HIGH_WATERMARK,
      })),
    })),
    forgottenTopicsData:
      version >= 7
        ? [...forgotten.values()].map((f) => ({
            topic: byId ? '' : f.topic,
            topicId: byId ? f.topicId : ZERO_UUID,
            partitions: f.partitions,
          }))
        : [],
  };
}
