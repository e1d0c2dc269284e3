import {
  CreatePartitions,
  DeleteRecords,
  DeleteTopics,
  ErrorCode,
  FieldVersionError,
  KafkaError,
  kafkaErrorFor,
} from '@lk/api';
import type { BootstrapClient, Cluster, NewTopic, PartitionMetadata } from '@lk/client';
import { ZERO_UUID } from '@lk/wire';
import { type AdminCallOptions, type EntryResult, settle } from './results.ts';
import { byTopic, sendToLeaders } from './topic-partitions.ts';

/** Options of {@link Admin.createTopics}. */
export interface CreateTopicsOptions extends AdminCallOptions {
  /** Only validate the request on the broker; nothing is created. Default false. */
  validateOnly?: boolean;
  /** Wait until every broker knows a leader of each new partition. Default true (false with `validateOnly`). */
  waitForLeaders?: boolean;
  /** The longest such wait. Default 30 s. */
  waitTimeoutMs?: number;
}

/** The outcome of one topic of {@link Admin.createTopics}. */
export interface CreatedTopic extends EntryResult {
  readonly name: string;
  /** The new topic's id (the zero UUID before CreateTopics v7 or on failure). */
  readonly topicId: string;
}

/** A topic to delete: its name, or `{ topicId }` (needs DeleteTopics v6, Kafka 2.8+). */
export type TopicToDelete = string | { topicId: string };

/** The outcome of one topic of {@link Admin.deleteTopics}. */
export interface DeletedTopic extends EntryResult {
  /** The name, when given or answered. */
  readonly name: string | null;
  readonly topicId: string | null;
}

/** One partition of a {@link TopicDescription}: @lk/client's partition metadata, its error as a `KafkaError`. */
export interface PartitionDescription extends Omit<PartitionMetadata, 'topic' | 'errorCode'> {
  readonly error: KafkaError | null;
}

/** The outcome of one topic of {@link Admin.describeTopics}. */
export interface TopicDescription extends EntryResult {
  readonly name: string;
  readonly topicId: string;
  readonly isInternal: boolean;
  readonly partitions: readonly PartitionDescription[];
}

export async function createTopics(
  bootstrap: BootstrapClient,
  topics: readonly NewTopic[],
  options: CreateTopicsOptions,
): Promise<CreatedTopic[]> {
  const { throwOnError, ...createOptions } = options;
  const response = await bootstrap.createTopics(topics, createOptions);
  const results = response.topics.map((t) => ({
    name: t.name,
    topicId: t.topicId,
    error: kafkaErrorFor(t.errorCode, t.errorMessage),
  }));
  return settle('createTopics', results, (t) => `topic:${t.name}`, { throwOnError });
}

export async function deleteTopics(
  cluster: Cluster,
  topics: readonly TopicToDelete[],
  options: AdminCallOptions & { version?: number },
): Promise<DeletedTopic[]> {
  const { throwOnError, ...callOptions } = options;
  const byId = topics.filter((t) => typeof t !== 'string');
  const names = topics.filter((t) => typeof t === 'string');
  const timeoutMs = options.timeoutMs ?? 60_000;
  // v6 names topics in `topics` (ids or names); older versions only in `topicNames`, and v6
  // ignores `topicNames`: each version gets the one field it reads.
  const request = (version: number) => {
    if (version < 6 && byId.length > 0) {
      throw new FieldVersionError(
        'LK_API_UNSUPPORTED_FIELD',
        `DeleteTopics v${version} cannot delete topics by id (v6+ can)`,
        'DeleteTopicsRequest.topics',
        version,
      );
    }
    return {
      ...DeleteTopics.newRequest(),
      topics:
        version >= 6
          ? [
              ...names.map((name) => ({ name, topicId: ZERO_UUID })),
              ...byId.map(({ topicId }) => ({ name: null, topicId })),
            ]
          : [],
      topicNames: version >= 6 ? [] : names,
      timeoutMs,
    };
  };
  const response = await cluster.call('any', DeleteTopics, request, callOptions);
  const results = response.responses.map((t) => ({
    name: t.name,
    topicId: t.topicId === ZERO_UUID ? null : t.topicId,
    error: kafkaErrorFor(t.errorCode, t.errorMessage),
  }));
  return settle('deleteTopics', results, (t) => `topic:${t.name ?? t.topicId}`, { throwOnError });
}

export async function listTopics(
  cluster: Cluster,
  options: { includeInternal?: boolean; signal?: AbortSignal },
): Promise<string[]> {
  const response = await cluster.metadata.refresh(null, options.signal);
  return response.topics
    .filter((t) => t.name !== null && (options.includeInternal || !t.isInternal))
    .map((t) => t.name as string)
    .sort();
}

export async function describeTopics(
  cluster: Cluster,
  names: readonly string[],
  options: AdminCallOptions,
): Promise<TopicDescription[]> {
  const response = await cluster.metadata.refresh(names, options.signal);
  const results = names.map((name): TopicDescription => {
    // The cache holds the topics the refresh found; the response says why one is missing.
    const cached = cluster.metadata.topic(name);
    if (cached === undefined) {
      const answered = response.topics.find((t) => t.name === name);
      const error =
        kafkaErrorFor(answered?.errorCode ?? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) ?? unknownTopic();
      return { name, topicId: answered?.topicId ?? ZERO_UUID, isInternal: false, partitions: [], error };
    }
    return {
      name,
      topicId: cached.topicId,
      isInternal: cached.isInternal,
      partitions: cached.partitions
        .filter((p) => p !== undefined)
        .map(({ topic: _, errorCode, ...partition }) => ({ ...partition, error: kafkaErrorFor(errorCode) })),
      error: null,
    };
  });
  return settle('describeTopics', results, (t) => `topic:${t.name}`, options);
}

function notAnswered(api: string): KafkaError {
  return new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, `not in the ${api} response`);
}

function unknownTopic(): KafkaError {
  return new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'not in the Metadata response');
}

/** A topic to grow with {@link Admin.createPartitions}. */
export interface NewPartitions {
  readonly topic: string;
  /** The new total number of partitions (more than now: partitions are never removed). */
  readonly count: number;
  /** The replicas (broker ids) of each new partition, or the broker's choice when absent. */
  readonly assignments?: readonly (readonly number[])[];
}

/** Options of {@link Admin.createPartitions}. */
export interface CreatePartitionsOptions extends AdminCallOptions {
  /** Only validate the request on the broker. Default false. */
  validateOnly?: boolean;
}

/** The outcome of one topic of {@link Admin.createPartitions}. */
export interface CreatedPartitions extends EntryResult {
  readonly topic: string;
}

export async function createPartitions(
  cluster: Cluster,
  topics: readonly NewPartitions[],
  options: CreatePartitionsOptions,
): Promise<CreatedPartitions[]> {
  const { throwOnError, validateOnly = false, ...callOptions } = options;
  const response = await cluster.call(
    'any',
    CreatePartitions,
    {
      topics: topics.map((t) => ({
        name: t.topic,
        count: t.count,
        assignments: t.assignments ? t.assignments.map((brokerIds) => ({ brokerIds: [...brokerIds] })) : null,
      })),
      timeoutMs: options.timeoutMs ?? 60_000,
      validateOnly,
    },
    callOptions,
  );
  const byName = new Map(response.results.map((r) => [r.name, r]));
  // In the order asked (the broker answers in its own).
  const results = topics.map(({ topic }) => {
    const r = byName.get(topic);
    if (r === undefined) return { topic, error: notAnswered('CreatePartitions') };
    return { topic, error: kafkaErrorFor(r.errorCode, r.errorMessage) };
  });
  return settle('createPartitions', results, (t) => `topic:${t.topic}`, { throwOnError });
}

/** A partition whose records before `offset` {@link Admin.deleteRecords} deletes. */
export interface RecordsToDelete {
  readonly topic: string;
  readonly partition: number;
  /** Records before this offset go; `'highWatermark'` deletes every record written so far. */
  readonly offset: bigint | 'highWatermark';
}

/** The outcome of one partition of {@link Admin.deleteRecords}. */
export interface DeletedRecords extends EntryResult {
  readonly topic: string;
  readonly partition: number;
  /** The partition's new log start offset (-1 on failure). */
  readonly lowWatermark: bigint;
}

// DeleteRecords' own encoding of "up to the high watermark".
const HIGH_WATERMARK = -1n;

export async function deleteRecords(
  cluster: Cluster,
  partitions: readonly RecordsToDelete[],
  options: AdminCallOptions,
): Promise<DeletedRecords[]> {
  const { throwOnError, ...callOptions } = options;
  const send = async (leaderId: number, mine: RecordsToDelete[]): Promise<DeletedRecords[]> => {
    const response = await cluster.call(
      { node: leaderId },
      DeleteRecords,
      {
        topics: byTopic(mine).map(([name, entries]) => ({
          name,
          partitions: entries.map((e) => ({
            partitionIndex: e.partition,
            offset: e.offset === 'highWatermark' ? HIGH_WATERMARK : e.offset,
          })),
        })),
        timeoutMs: options.timeoutMs ?? 60_000,
      },
      callOptions,
    );
    return response.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partitionIndex,
        lowWatermark: p.lowWatermark,
        error: kafkaErrorFor(p.errorCode),
      })),
    );
  };
  const failed = ({ topic, partition }: RecordsToDelete, error: KafkaError) => ({
    topic,
    partition,
    lowWatermark: -1n,
    error,
  });
  const results = await sendToLeaders(cluster, partitions, send, failed, options);
  return settle('deleteRecords', results, (r) => `partition:${r.topic}/${r.partition}`, { throwOnError });
}
