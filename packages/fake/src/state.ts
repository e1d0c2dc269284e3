// The cluster's data: topics by name and id, partition leadership, producer ids, and the
// notifications long-polling fetches wait on.

import { randomBytes } from 'node:crypto';
import { ErrorCode } from '@lk/api';
import { PartitionProducers, ProducerIds } from './producers.ts';
import { isValidTopicName, newPartition, type Partition, type Topic } from './topic.ts';

/** How a topic is created: partitions, replication factor (capped by the broker count), configs. */
export interface TopicSpec {
  partitions?: number;
  replicationFactor?: number;
  configs?: Record<string, string>;
  /** Explicit replica node ids per partition (the first is the leader), as CreateTopics' assignments. */
  assignments?: number[][];
}

/** A refusal with the Kafka error code to answer with. */
export class TopicError extends Error {
  readonly errorCode: number;
  constructor(errorCode: number, message: string) {
    super(message);
    this.errorCode = errorCode;
  }
}

/** A topic id as Kafka prints one: 16 random bytes in base64url, never starting with '-' (Kafka avoids those). */
export function randomTopicId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-') && id !== 'AAAAAAAAAAAAAAAAAAAAAA') return id;
  }
}

/** A guard against a request creating millions of partitions in the test process. */
const MAX_PARTITIONS = 10_000;

export class ClusterState {
  readonly topics = new Map<string, Topic>();
  readonly topicsById = new Map<string, Topic>();
  readonly producerIds = new ProducerIds();
  readonly nodeIds: readonly number[];
  readonly #isAlive: (nodeId: number) => boolean;
  readonly #appendListeners = new Set<() => void>();
  readonly defaultPartitions: number;
  readonly defaultReplicationFactor: number;
  /** Topics created so far: spreads the first leader of each new topic over the brokers. */
  #created = 0;

  constructor(nodeIds: readonly number[], isAlive: (nodeId: number) => boolean, defaultPartitions: number) {
    this.nodeIds = nodeIds;
    this.#isAlive = isAlive;
    this.defaultPartitions = defaultPartitions;
    this.defaultReplicationFactor = Math.min(3, nodeIds.length);
  }

  topic(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  partition(topic: string, index: number): Partition | undefined {
    return this.topics.get(topic)?.partitions[index];
  }

  /** Checks a CreateTopics request's parameters; throws {@link TopicError}. Returns the resolved spec. */
  validate(name: string, spec: TopicSpec): { partitions: number; replicationFactor: number } {
    if (!isValidTopicName(name)) {
      throw new TopicError(
        ErrorCode.INVALID_TOPIC_EXCEPTION,
        `topic name ${JSON.stringify(name)} is illegal`,
      );
    }
    if (this.topics.has(name))
      throw new TopicError(ErrorCode.TOPIC_ALREADY_EXISTS, `topic '${name}' already exists.`);
    if (spec.assignments !== undefined && spec.assignments.length > 0) {
      for (const replicas of spec.assignments) {
        if (replicas.length === 0 || replicas.some((id) => !this.nodeIds.includes(id))) {
          throw new TopicError(
            ErrorCode.INVALID_REPLICA_ASSIGNMENT,
            `replica assignment ${replicas} names unknown brokers`,
          );
        }
      }
      return { partitions: spec.assignments.length, replicationFactor: spec.assignments[0]!.length };
    }
    const partitions =
      spec.partitions === undefined || spec.partitions === -1 ? this.defaultPartitions : spec.partitions;
    if (!(Number.isInteger(partitions) && partitions > 0)) {
      throw new TopicError(ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be larger than 0.');
    }
    if (partitions > MAX_PARTITIONS) {
      throw new TopicError(
        ErrorCode.INVALID_PARTITIONS,
        `the fake holds at most ${MAX_PARTITIONS} partitions per topic`,
      );
    }
    const replicationFactor =
      spec.replicationFactor === undefined || spec.replicationFactor === -1
        ? this.defaultReplicationFactor
        : spec.replicationFactor;
    if (!(Number.isInteger(replicationFactor) && replicationFactor > 0)) {
      throw new TopicError(ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0.');
    }
    if (replicationFactor > this.nodeIds.length) {
      throw new TopicError(
        ErrorCode.INVALID_REPLICATION_FACTOR,
        `Unable to replicate the partition ${replicationFactor} time(s): The target replication factor of ${replicationFactor} cannot be reached because only ${this.nodeIds.length} broker(s) are registered.`,
      );
    }
    return { partitions, replicationFactor };
  }

  /** Creates a topic (validated first); leaders are spread round-robin over the brokers. */
  createTopic(name: string, spec: TopicSpec = {}, id: string = randomTopicId()): Topic {
    const { partitions, replicationFactor } = this.validate(name, spec);
    const topic: Topic = { name, id, partitions: [], configs: new Map(Object.entries(spec.configs ?? {})) };
    const first = this.#created++;
    for (let p = 0; p < partitions; p++) {
      this.#addPartition(topic, spec.assignments?.[p] ?? this.#spread(first + p, replicationFactor));
    }
    this.topics.set(name, topic);
    this.topicsById.set(id, topic);
    return topic;
  }

  deleteTopic(topic: Topic): void {
    this.topics.delete(topic.name);
    this.topicsById.delete(topic.id);
    this.notifyAppend(); // long-polling fetches of it answer now
  }

  /** CreatePartitions: grows a topic to `count` partitions. */
  addPartitions(topic: Topic, count: number, assignments?: number[][]): void {
    const current = topic.partitions.length;
    if (count > MAX_PARTITIONS) {
      throw new TopicError(
        ErrorCode.INVALID_PARTITIONS,
        `the fake holds at most ${MAX_PARTITIONS} partitions per topic`,
      );
    }
    if (!(Number.isInteger(count) && count > current)) {
      throw new TopicError(
        ErrorCode.INVALID_PARTITIONS,
        `Topic currently has ${current} partitions, which is higher than the requested ${count}.`,
      );
    }
    const replicationFactor = topic.partitions[0]?.replicas.length ?? this.defaultReplicationFactor;
    for (let p = current; p < count; p++) {
      this.#addPartition(
        topic,
        assignments?.[p - current] ?? this.#spread(this.#created + p, replicationFactor),
      );
    }
  }

  /** Makes `nodeId` the leader (adding it to the replicas if needed); bumps the leader epoch. */
  setLeader(partition: Partition, nodeId: number): void {
    if (!partition.replicas.includes(nodeId)) partition.replicas = [...partition.replicas, nodeId];
    partition.leader = nodeId;
    partition.leaderEpoch++;
    this.notifyAppend();
  }

  /** After a broker stopped or came back (or a partition came online): every partition gets a live leader if it can. */
  electLeaders(): void {
    for (const topic of this.topics.values()) {
      for (const partition of topic.partitions) {
        const wanted = partition.offline ? -1 : this.#liveLeader(partition);
        if (wanted !== partition.leader) {
          partition.leader = wanted;
          partition.leaderEpoch++;
        }
      }
    }
    this.notifyAppend();
  }

  /** Long-polling fetches register here; `notifyAppend` wakes them all to look again. */
  onAppend(listener: () => void): () => void {
    this.#appendListeners.add(listener);
    return () => this.#appendListeners.delete(listener);
  }

  notifyAppend(): void {
    for (const listener of [...this.#appendListeners]) listener();
  }

  #liveLeader(partition: Partition): number {
    if (partition.leader >= 0 && this.#isAlive(partition.leader)) return partition.leader;
    return partition.replicas.find((id) => this.#isAlive(id)) ?? -1;
  }

  #spread(start: number, replicationFactor: number): number[] {
    const n = this.nodeIds.length;
    return Array.from({ length: replicationFactor }, (_, i) => this.nodeIds[(start + i) % n]!);
  }

  #addPartition(topic: Topic, replicas: number[]): void {
    const partition = newPartition(topic, topic.partitions.length, replicas, new PartitionProducers());
    partition.leader = this.#liveLeader(partition);
    topic.partitions.push(partition);
  }
}
