import { performance } from 'node:perf_hooks';
import { CreateTopics, DeleteTopics, ErrorCode, FindCoordinator, KafkaError, kafkaErrorFor } from '@lk/api';
import { ZERO_UUID } from '@lk/wire';
import type { BrokerAddress } from './address.ts';
import type { CallOptions, ResponseOf } from './connection.ts';
import { type CoordinatorType, coordinatorEntry, findCoordinatorRequest } from './coordinator-lookup.ts';
import { MetadataClient } from './metadata-client.ts';
import { retryWithBackoff } from './retry.ts';
import { DEFAULT_TOPIC_WAIT_MS, waitForTopicLeaders } from './topic-readiness.ts';

/** The decoded CreateTopics response body. */
export type CreateTopicsResponse = ResponseOf<typeof CreateTopics>;
/** The decoded DeleteTopics response body. */
export type DeleteTopicsResponse = ResponseOf<typeof DeleteTopics>;
/** The decoded FindCoordinator response body. */
export type FindCoordinatorResponse = ResponseOf<typeof FindCoordinator>;

/** A topic to create with {@link BootstrapClient.createTopics}. */
export interface NewTopic {
  name: string;
  /** Default -1: the broker's `num.partitions`. */
  numPartitions?: number;
  /** Default -1: the broker's `default.replication.factor`. */
  replicationFactor?: number;
  configs?: Record<string, string>;
}

/** Options of {@link BootstrapClient.createTopics}. */
export interface CreateTopicsOptions extends CallOptions {
  /** How long the controller may take to create the topics (CreateTopics' own timeout). Default 60 s. */
  timeoutMs?: number;
  validateOnly?: boolean;
  /** Wait until every broker's metadata has a leader for each new partition. Default true (false with `validateOnly`). */
  waitForLeaders?: boolean;
  /** The longest such wait. Default 30 s. */
  waitTimeoutMs?: number;
}

/** A group or transaction coordinator. */
export interface Coordinator {
  nodeId: number;
  address: BrokerAddress;
}

/**
 * The calls that any broker of the cluster can answer (libkafka's `Call*` functions): those of
 * {@link MetadataClient} and the admin calls CreateTopics, DeleteTopics and FindCoordinator. Each
 * opens a connection to the first reachable bootstrap broker, makes one call and closes it. An SRV
 * bootstrap is resolved once and forgotten after a failure.
 *
 * @example
 * ```ts
 * const cluster = new BootstrapClient('127.0.0.1:9092');
 * await cluster.createTopic('events', { numPartitions: 3, replicationFactor: 1 });
 * const leader = await cluster.partitionLeader('events', 0);
 * ```
 */
export class BootstrapClient extends MetadataClient {
  /**
   * CreateTopics, raw: check each topic's `errorCode`. Then, unless `waitForLeaders` is false, waits
   * until every broker's metadata has a leader for each partition of the topics created, so that
   * producing at once finds them (throws `LK_TIMEOUT_METADATA` after `waitTimeoutMs`).
   */
  async createTopics(
    topics: readonly NewTopic[],
    options: CreateTopicsOptions = {},
  ): Promise<CreateTopicsResponse> {
    const request = {
      ...CreateTopics.newRequest(),
      topics: topics.map((t) => ({
        name: t.name,
        numPartitions: t.numPartitions ?? -1,
        replicationFactor: t.replicationFactor ?? -1,
        assignments: [],
        configs: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
      timeoutMs: options.timeoutMs ?? 60_000,
      validateOnly: options.validateOnly ?? false,
    };
    const {
      waitForLeaders = !request.validateOnly,
      waitTimeoutMs = DEFAULT_TOPIC_WAIT_MS,
      ...callOptions
    } = options;
    const response = await this.call(CreateTopics, request, callOptions);
    if (waitForLeaders) {
      const created = response.topics.filter((t: { errorCode: number }) => t.errorCode === ErrorCode.NONE);
      await waitForTopicLeaders(
        created.map((t: { name: string }) => t.name),
        (names) => this.metadata(names, { signal: options.signal }),
        this.options,
        waitTimeoutMs,
        options.signal,
      );
    }
    return response;
  }

  /** Creates one topic; throws its KafkaError unless created (or, with `ifNotExists`, already there). */
  async createTopic(
    name: string,
    topic: Omit<NewTopic, 'name'> & { ifNotExists?: boolean } & Pick<
        CreateTopicsOptions,
        'waitForLeaders' | 'waitTimeoutMs'
      > = {},
  ): Promise<void> {
    const { waitForLeaders, waitTimeoutMs, ifNotExists, ...newTopic } = topic;
    const response = await this.createTopics([{ name, ...newTopic }], { waitForLeaders, waitTimeoutMs });
    const result = response.topics.find((t: { name: string }) => t.name === name);
    const errorCode = result?.errorCode ?? ErrorCode.NONE;
    if (errorCode === ErrorCode.NONE || (ifNotExists && errorCode === ErrorCode.TOPIC_ALREADY_EXISTS)) return;
    throw kafkaErrorFor(errorCode, result?.errorMessage);
  }

  /** DeleteTopics by name, raw: check each result's `errorCode`. */
  deleteTopics(
    names: readonly string[],
    options: CallOptions & { timeoutMs?: number } = {},
  ): Promise<DeleteTopicsResponse> {
    // v6 names topics in `topics`; older versions in `topicNames`.
    const request = (version: number) => ({
      ...DeleteTopics.newRequest(),
      topics: version >= 6 ? names.map((name) => ({ name, topicId: ZERO_UUID })) : [],
      topicNames: version >= 6 ? [] : [...names],
      timeoutMs: options.timeoutMs ?? 60_000,
    });
    return this.call(DeleteTopics, request, options);
  }

  /** FindCoordinator, raw (v4+ answers in `coordinators`, older versions at the top level). */
  findCoordinator(
    key: string,
    keyType: CoordinatorType = 'group',
    options: CallOptions = {},
  ): Promise<FindCoordinatorResponse> {
    return this.call(FindCoordinator, findCoordinatorRequest(key, keyType), options);
  }

  /**
   * The coordinator of a group (or transactional id). Retries COORDINATOR_NOT_AVAILABLE and
   * COORDINATOR_LOAD_IN_PROGRESS (the offsets topic is being created or loaded) for up to the
   * request timeout, then throws the KafkaError.
   */
  async coordinator(
    key: string,
    keyType: CoordinatorType = 'group',
    options: CallOptions = {},
  ): Promise<Coordinator> {
    // call() throws no KafkaError: only the coordinator entry's error code is retried.
    return retryWithBackoff(
      async () => {
        const response = await this.findCoordinator(key, keyType, options);
        const entry = coordinatorEntry(response, key);
        const error = kafkaErrorFor(entry.errorCode, entry.errorMessage);
        if (error !== null) throw error;
        return { nodeId: entry.nodeId, address: { host: entry.host, port: entry.port } };
      },
      {
        operation: 'findCoordinator',
        subject: key,
        retriable: (error) => error instanceof KafkaError && error.retriable,
        deadline: performance.now() + (options.timeoutMs ?? this.options.requestTimeoutMs),
        signal: options.signal,
      },
    );
  }
}
