// FakeCluster: the brokers, the shared state, and what a test drives and inspects.
import { KafkaError } from '@lk/api';
import { Batch, type BatchRecord, type Decompressor, preferNativeCrc32c, readRecordSet } from '@lk/batch';
import { appendRecords } from './append.ts';
import { FakeBroker, type ListenerKind } from './broker.ts';
import { type CommittedOffset, GroupCoordinator } from './coordinator.ts';
import { type Fault, Faults, type HookOptions, type RequestHook, type SeenRequest } from './faults.ts';
import type { StoredBatch } from './log.ts';
import { type FakeClusterOptions, type ResolvedOptions, resolveOptions } from './options.ts';
import { ClusterState, type TopicSpec } from './state.ts';
import type { Partition, Topic } from './topic.ts';

/**
 * A Kafka cluster inside the test process: brokers with their own loopback listeners, speaking the
 * real protocol, with state the test can inspect and faults it can inject.
 *
 * @example
 * ```ts
 * const cluster = await FakeCluster.start({ brokers: 3, topics: { events: { partitions: 6 } } });
 * // ... point the client at cluster.bootstrap ...
 * cluster.moveLeader('events', 0, 2);
 * await cluster.close();
 * ```
 */
export class FakeCluster {
  readonly options: ResolvedOptions;
  readonly brokers: readonly FakeBroker[];
  readonly state: ClusterState;
  readonly faults = new Faults();
  readonly groups: GroupCoordinator;
  /** Broker configs set through IncrementalAlterConfigs (stored, not acted on). */
  readonly brokerConfigs = new Map<string, string>();
  /** Errors the fake's own handlers threw (a bug in the fake; the connection was closed). Tests may assert it is empty. */
  readonly serverErrors: Error[] = [];
  /** Requests received, per API name. */
  readonly requestCounts = new Map<string, number>();
  readonly #throttle = new Map<number, number>();
  /** Coordinators placed by moveCoordinator, by key. */
  readonly #coordinators = new Map<string, number>();
  #closed = false;

  private constructor(options: ResolvedOptions) {
    this.options = options;
    const kinds: ListenerKind[] = options.sasl === null ? ['plain'] : ['plain', 'sasl'];
    this.brokers = Array.from(
      { length: options.brokers },
      (_, id) => new FakeBroker(this, id, options.host, kinds, null),
    );
    this.state = new ClusterState(
      this.brokers.map((b) => b.nodeId),
      (id) => this.brokers[id]?.running === true,
      options.defaultPartitions,
    );
    this.groups = new GroupCoordinator(this.state, options.groupInitialRebalanceDelayMs);
  }

  /**
   * Starts every broker and creates `options.topics`. Produce checks every batch's CRC-32C: the
   * native one of `@node-rs/crc32` is used when installed (see @lk/batch's preferNativeCrc32c).
   */
  static async start(options: FakeClusterOptions = {}): Promise<FakeCluster> {
    const cluster = new FakeCluster(resolveOptions(options));
    await preferNativeCrc32c();
    try {
      for (const broker of cluster.brokers) await broker.start();
      cluster.state.electLeaders();
      for (const [name, spec] of Object.entries(cluster.options.topics)) cluster.createTopic(name, spec);
    } catch (error) {
      await cluster.close();
      throw error;
    }
    return cluster;
  }

  /** `host:port,...` of every running broker's plaintext listener. */
  get bootstrap(): string {
    return this.#bootstrap('plain');
  }

  /** `host:port,...` of the SASL_PLAINTEXT listeners (empty without `sasl` users). */
  get saslBootstrap(): string {
    return this.options.sasl === null ? '' : this.#bootstrap('sasl');
  }

  /** The broker with node id `nodeId`; an unknown id is a RangeError. */
  broker(nodeId: number): FakeBroker {
    const broker = this.brokers[nodeId];
    if (broker === undefined)
      throw new RangeError(`no broker ${nodeId} (the cluster has ${this.brokers.length})`);
    return broker;
  }

  /** Stops every broker and closes every connection; nothing is left listening or pending. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.faults.clear();
    this.groups.shutDown();
    await Promise.all(this.brokers.map((b) => b.stop()));
    this.state.notifyAppend();
  }

  // ---- topics ----

  /** Creates topic `name` as CreateTopics would; an existing name is a TopicError. */
  createTopic(name: string, spec: TopicSpec = {}): Topic {
    return this.state.createTopic(name, spec);
  }

  /** Deletes a topic as DeleteTopics does: its data goes, a topic created again under the name gets a new id. */
  deleteTopic(name: string): void {
    this.state.deleteTopic(this.topic(name));
  }

  /** The topic `name`; an unknown name is a RangeError. */
  topic(name: string): Topic {
    const topic = this.state.topic(name);
    if (topic === undefined) throw new RangeError(`no topic ${name}`);
    return topic;
  }

  /** Partition `index` of `topic`; an unknown one is a RangeError. */
  partition(topic: string, index: number): Partition {
    const partition = this.topic(topic).partitions[index];
    if (partition === undefined) throw new RangeError(`topic ${topic} has no partition ${index}`);
    return partition;
  }

  /**
   * Appends a batch to a partition as its leader would a produced one (CRC, size and sequence
   * checks, offsets stamped), for tests that need data in place; returns its base offset, or throws
   * the KafkaError a Produce would have answered.
   */
  append(topic: string, partition: number, batch: Batch | Uint8Array): bigint {
    const p = this.partition(topic, partition);
    const bytes = batch instanceof Uint8Array ? batch : batch.marshal();
    const outcome = appendRecords(p, bytes, this.maxMessageBytes(p), this.retentionBytes(p));
    if ('message' in outcome) throw new KafkaError(outcome.errorCode, outcome.message);
    this.state.notifyAppend();
    return outcome.baseOffset;
  }

  /** Bytes a partition keeps: its topic's `retention.bytes`, else the cluster's `retentionBytes`. */
  retentionBytes(partition: Partition): number {
    return Number(partition.topic.configs.get('retention.bytes') ?? this.options.retentionBytes);
  }

  /** Largest batch a partition accepts: its topic's `max.message.bytes`, else the cluster's. */
  maxMessageBytes(partition: Partition): number {
    return Number(partition.topic.configs.get('max.message.bytes') ?? this.options.maxMessageBytes);
  }

  // ---- faults ----

  /** Registers a hook that sees every decoded request and may take it over (see {@link RequestHook}). */
  onRequest(hook: RequestHook, options: HookOptions = {}): Fault {
    return this.faults.add(hook, options);
  }

  /** Refuses the next `times` (default 1) requests of `apiKey` (on `broker`, if given) with `errorCode`. */
  failNext(apiKey: number, errorCode: number, options: { times?: number; broker?: number } = {}): Fault {
    return this.faults.add(
      (r) =>
        r.apiKey === apiKey && (options.broker === undefined || r.broker === options.broker)
          ? { errorCode }
          : undefined,
      { times: options.times ?? 1 },
    );
  }

  /** Makes `nodeId` the partition's leader and bumps its leader epoch, as a reassignment would. */
  moveLeader(topic: string, partition: number, nodeId: number): void {
    const p = this.partition(topic, partition);
    if (!this.broker(nodeId).running) throw new RangeError(`broker ${nodeId} is stopped`);
    this.state.setLeader(p, nodeId);
  }

  /** Stops a broker's listeners and connections; its partitions fail over to live replicas (or go offline). */
  async stopBroker(nodeId: number): Promise<void> {
    await this.broker(nodeId).stop();
    this.state.electLeaders();
  }

  /** Starts a stopped broker on its old ports; leaderless partitions it replicates get it as leader. */
  async startBroker(nodeId: number): Promise<void> {
    await this.broker(nodeId).start();
    this.state.electLeaders();
  }

  /** Takes a partition's leader away (LEADER_NOT_AVAILABLE in Metadata, NOT_LEADER_OR_FOLLOWER on use), or gives it back. */
  partitionOffline(topic: string, partition: number, offline = true): void {
    this.partition(topic, partition).offline = offline;
    this.state.electLeaders();
  }

  /**
   * Makes `nodeId` the coordinator of a group or transactional id, as a move of its
   * __consumer_offsets partition would: the old coordinator answers NOT_COORDINATOR from now on,
   * FindCoordinator names the new one. The group's state moves with it.
   */
  moveCoordinator(key: string, nodeId: number): void {
    if (!this.broker(nodeId).running) throw new RangeError(`broker ${nodeId} is stopped`);
    this.#coordinators.set(key, nodeId);
  }

  /** Sets throttle_time_ms in every response of `nodeId` (all brokers if omitted) that has it; 0 ends it. */
  throttle(ms: number, nodeId?: number): void {
    for (const broker of nodeId === undefined ? this.brokers : [this.broker(nodeId)]) {
      if (ms > 0) this.#throttle.set(broker.nodeId, ms);
      else this.#throttle.delete(broker.nodeId);
    }
  }

  /** Removes a member from its group as if its session expired: the others rebalance, it gets UNKNOWN_MEMBER_ID. */
  kickMember(groupId: string, memberId: string): void {
    const consumer = this.groups.consumer.get(groupId);
    if (consumer?.remove(memberId)) return;
    const classic = this.groups.classic.get(groupId);
    if (classic === undefined || classic.leave(memberId) !== 0) {
      throw new RangeError(`group ${groupId} has no member ${memberId}`);
    }
  }

  // ---- inspection ----

  /** A group's state, generation (or group epoch), protocol and members, of either protocol. */
  group(groupId: string):
    | {
        type: 'classic';
        state: string;
        generationId: number;
        protocolName: string | null;
        leaderId: string | null;
        members: string[];
      }
    | {
        type: 'consumer';
        state: string;
        groupEpoch: number;
        members: string[];
        assignments: Map<string, Map<string, number[]>>;
      }
    | undefined {
    const consumer = this.groups.consumer.get(groupId);
    if (consumer !== undefined && consumer.members.size > 0) {
      return {
        type: 'consumer',
        state: consumer.state,
        groupEpoch: consumer.groupEpoch,
        members: [...consumer.members.keys()],
        assignments: consumer.target,
      };
    }
    const classic = this.groups.classic.get(groupId);
    if (classic === undefined) return undefined;
    return {
      type: 'classic',
      state: classic.state,
      generationId: classic.generationId,
      protocolName: classic.protocolName,
      leaderId: classic.leaderId,
      members: [...classic.members.keys()],
    };
  }

  /** The offsets a group committed, by topic and partition. */
  committedOffsets(groupId: string): ReadonlyMap<string, ReadonlyMap<number, CommittedOffset>> {
    return this.groups.offsets.get(groupId) ?? new Map();
  }

  /** The batches a partition holds (offsets stamped, compression as sent). */
  batches(topic: string, partition: number): Batch[] {
    return this.partition(topic, partition).log.live.map((b: StoredBatch) => Batch.unmarshal(b.bytes));
  }

  /** Every record a partition holds, decompressed with `decompressors` where needed. */
  records(topic: string, partition: number, decompressors: readonly Decompressor[] = []): BatchRecord[] {
    const out: BatchRecord[] = [];
    for (const stored of this.partition(topic, partition).log.live) {
      out.push(...readRecordSet(stored.bytes, { decompressors }).records);
    }
    return out;
  }

  /** A partition's log start offset and high watermark. */
  offsets(topic: string, partition: number): { logStartOffset: bigint; highWatermark: bigint } {
    const { log } = this.partition(topic, partition);
    return { logStartOffset: log.logStartOffset, highWatermark: log.highWatermark };
  }

  /** Producer ids handed out by InitProducerId, with their latest epochs. */
  producerIds(): ReadonlyMap<bigint, number> {
    return this.state.producerIds.issued;
  }

  // ---- used by the handlers ----

  /** Counts a decoded request in `requestCounts`; called by the handlers. @internal */
  recordRequest(request: SeenRequest): void {
    this.requestCounts.set(request.apiName, (this.requestCounts.get(request.apiName) ?? 0) + 1);
  }

  /** @internal Sets throttleTimeMs on a response when the broker is throttled. */
  applyThrottle(nodeId: number, response: unknown): void {
    const ms = this.#throttle.get(nodeId);
    if (ms === undefined || typeof response !== 'object' || response === null) return;
    if ('throttleTimeMs' in response) (response as { throttleTimeMs: number }).throttleTimeMs = ms;
  }

  /** The coordinator of a group or transactional id: a stable hash of the key over the brokers, skipping stopped ones. */
  coordinatorFor(key: string): FakeBroker | undefined {
    const placed = this.#coordinators.get(key);
    if (placed !== undefined && this.brokers[placed]?.running) return this.brokers[placed];
    let hash = 0;
    for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
    const n = this.brokers.length;
    for (let i = 0; i < n; i++) {
      const broker = this.brokers[((((hash % n) + n) % n) + i) % n]!;
      if (broker.running) return broker;
    }
    return undefined;
  }

  /** Brokers that are running, for Metadata. */
  liveBrokers(): FakeBroker[] {
    return this.brokers.filter((b) => b.running);
  }

  #bootstrap(kind: ListenerKind): string {
    return this.liveBrokers()
      .map((b) => b.address(kind))
      .join(',');
  }
}
