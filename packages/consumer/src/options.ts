import type { Decompressor } from '@lk/batch';
import { type Bootstrap, type BootstrapOptions, ConfigError, type ConnectionOptions } from '@lk/client';
import type { Assignor } from './assignors/assignor.ts';
import { CooperativeStickyAssignor } from './assignors/cooperative-sticky.ts';
import { RangeAssignor } from './assignors/range.ts';
import type { TopicPartition } from './topic-partition.ts';

/** Where a partition without a usable committed offset starts (Java's `auto.offset.reset`). */
export type AutoOffsetReset = 'earliest' | 'latest' | 'none';

/** Which group protocol to speak: `auto` picks KIP-848 (`consumer`) when the coordinator supports it. */
export type GroupProtocol = 'auto' | 'classic' | 'consumer';

/** Fetch settings shared by every mode (Java's `fetch.*`, `max.partition.fetch.bytes`, ...). */
export interface FetchOptions {
  /** The broker answers once it has this many bytes, or after `maxWaitMs`. Default 1. */
  minBytes?: number;
  /** Longest the broker holds a fetch waiting for `minBytes`. Default 500. */
  maxWaitMs?: number;
  /** Upper bound of one fetch response's record bytes, per broker. Default 52428800 (50 MiB). */
  maxBytes?: number;
  /** Upper bound per partition in one fetch. Default 1048576 (1 MiB). */
  maxPartitionBytes?: number;
  /**
   * Fetched but not yet consumed bytes held at most, over all partitions; brokers are not asked
   * for more until the consumer catches up. Default 67108864 (64 MiB).
   */
  maxBufferedBytes?: number;
  /** Default `read_uncommitted`. */
  isolationLevel?: 'read_uncommitted' | 'read_committed';
  /** Default `latest`, as Java. */
  autoOffsetReset?: AutoOffsetReset;
  /** Codecs for compressed batches (`@lk/compress-*`). Default none. */
  decompressors?: readonly Decompressor[];
  /** The consumer's rack (Java's `client.rack`): fetch from a replica on it (KIP-392). Default null. */
  rackId?: string | null;
  /**
   * Reuse the memory of fetch responses once every batch read from one is processed, instead of
   * fresh memory per response (less GC and fewer page faults: ~15 % of the CPU of reading a topic
   * start to end). Then a batch's record views (keys, values, header values) are valid only until
   * the batch is processed (the next batch is asked for, or `eachBatch` settles): afterwards they
   * read as empty. Copy what you keep. Default false.
   */
  reuseMemory?: boolean;
}

/** Options of a consumer. */
export interface ConsumerOptions extends FetchOptions, ConnectionOptions, BootstrapOptions {
  bootstrap: Bootstrap;
  /** The group to join; without it, `assignment` must be given (manual assignment). */
  groupId?: string;
  /** Topics to subscribe to (group modes). */
  topics?: readonly string[];
  /**
   * Topics by pattern (group modes): resolved by the broker in KIP-848 groups (RE2/J syntax), by
   * the consumer against Metadata in classic groups.
   */
  topicPattern?: string | RegExp;
  /** Manual assignment: these partitions, no group membership (offsets still committed to `groupId` if set). */
  assignment?: readonly TopicPartition[];
  /** Default `auto`. */
  groupProtocol?: GroupProtocol;
  /** Classic groups: client-side assignors in preference order. Default `[range, cooperative-sticky]` (Java's). */
  assignors?: readonly Assignor[];
  /** KIP-848 groups: `uniform` or `range`; default null (the broker's default, `uniform`). */
  remoteAssignor?: string | null;
  /** Static membership (KIP-345). Default null. */
  groupInstanceId?: string | null;
  /** Classic groups. Default 45000. */
  sessionTimeoutMs?: number;
  /** Classic groups; KIP-848 groups use the broker's interval. Default 3000. */
  heartbeatIntervalMs?: number;
  /** Java's `max.poll.interval.ms`: the rebalance timeout. Default 300000. */
  rebalanceTimeoutMs?: number;
  /** Default true. */
  autoCommit?: boolean;
  /** Default 5000. */
  autoCommitIntervalMs?: number;
}

/** {@link ConsumerOptions} with every default filled in. */
export interface ResolvedConsumerOptions {
  groupId: string | null;
  topics: readonly string[];
  topicPattern: RegExp | null;
  assignment: readonly TopicPartition[] | null;
  groupProtocol: GroupProtocol;
  assignors: readonly Assignor[];
  remoteAssignor: string | null;
  groupInstanceId: string | null;
  rackId: string | null;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  rebalanceTimeoutMs: number;
  autoCommit: boolean;
  autoCommitIntervalMs: number;
  autoOffsetReset: AutoOffsetReset;
  isolationLevel: 'read_uncommitted' | 'read_committed';
  minBytes: number;
  maxWaitMs: number;
  maxBytes: number;
  maxPartitionBytes: number;
  maxBufferedBytes: number;
  decompressors: readonly Decompressor[];
  reuseMemory: boolean;
}

/** Java's consumer defaults (4.x). */
export const DEFAULT_CONSUMER_OPTIONS = {
  groupProtocol: 'auto',
  sessionTimeoutMs: 45_000,
  heartbeatIntervalMs: 3_000,
  rebalanceTimeoutMs: 300_000,
  autoCommit: true,
  autoCommitIntervalMs: 5_000,
  autoOffsetReset: 'latest',
  isolationLevel: 'read_uncommitted',
  minBytes: 1,
  maxWaitMs: 500,
  maxBytes: 52_428_800,
  maxPartitionBytes: 1_048_576,
  maxBufferedBytes: 67_108_864,
  reuseMemory: false,
} as const;

const INT32_MAX = 2 ** 31 - 1;

function integer(
  name: string,
  value: number | undefined,
  fallback: number,
  min: number,
  max = INT32_MAX,
): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return v;
}

function oneOf<T extends string>(name: string, value: T | undefined, fallback: T, allowed: readonly T[]): T {
  const v = value ?? fallback;
  if (!allowed.includes(v)) {
    throw new ConfigError(
      `${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${String(value)}`,
    );
  }
  return v;
}

/** Validates the consumer's own options (connection options are validated by @lk/client). */
export function resolveConsumerOptions(options: ConsumerOptions): ResolvedConsumerOptions {
  const d = DEFAULT_CONSUMER_OPTIONS;
  const groupId = options.groupId ?? null;
  if (groupId !== null && (typeof groupId !== 'string' || groupId === '')) {
    throw new ConfigError(`groupId must be a non-empty string, got ${JSON.stringify(groupId)}`);
  }
  const topics = options.topics ?? [];
  if (!Array.isArray(topics) || topics.some((t) => typeof t !== 'string' || t === '')) {
    throw new ConfigError('topics must be an array of non-empty topic names');
  }
  const topicPattern = patternOf(options.topicPattern);
  const assignment = options.assignment ?? null;
  if (assignment !== null) {
    if (topics.length > 0 || topicPattern !== null) {
      throw new ConfigError('assignment cannot be combined with topics or topicPattern');
    }
    for (const tp of assignment) {
      if (typeof tp?.topic !== 'string' || !Number.isInteger(tp.partition) || tp.partition < 0) {
        throw new ConfigError(`assignment must list { topic, partition } pairs, got ${JSON.stringify(tp)}`);
      }
    }
  } else {
    if (groupId === null) throw new ConfigError('groupId is required unless an assignment is given');
    if (topics.length === 0 && topicPattern === null) {
      throw new ConfigError('topics or topicPattern is required in a group (or give an assignment)');
    }
    if (topics.length > 0 && topicPattern !== null) {
      throw new ConfigError('topics and topicPattern cannot both be given');
    }
  }
  const assignors = options.assignors ?? [new RangeAssignor(), new CooperativeStickyAssignor()];
  if (assignors.length === 0) throw new ConfigError('assignors must name at least one assignor');
  const names = new Set<string>();
  for (const a of assignors) {
    if (typeof a?.name !== 'string' || a.name === '' || typeof a.assign !== 'function') {
      throw new ConfigError('assignors must have a name and an assign function');
    }
    if (a.rebalanceProtocol !== 'eager' && a.rebalanceProtocol !== 'cooperative') {
      throw new ConfigError(`assignors: ${a.name}'s rebalanceProtocol must be 'eager' or 'cooperative'`);
    }
    if (names.has(a.name)) throw new ConfigError(`assignors: ${a.name} is listed twice`);
    names.add(a.name);
  }
  const sessionTimeoutMs = integer('sessionTimeoutMs', options.sessionTimeoutMs, d.sessionTimeoutMs, 1);
  const heartbeatIntervalMs = integer(
    'heartbeatIntervalMs',
    options.heartbeatIntervalMs,
    d.heartbeatIntervalMs,
    1,
  );
  if (heartbeatIntervalMs >= sessionTimeoutMs) {
    throw new ConfigError(
      `heartbeatIntervalMs (${heartbeatIntervalMs}) must be below sessionTimeoutMs (${sessionTimeoutMs})`,
    );
  }
  const maxBytes = integer('maxBytes', options.maxBytes, d.maxBytes, 1);
  const maxPartitionBytes = integer('maxPartitionBytes', options.maxPartitionBytes, d.maxPartitionBytes, 1);
  const maxBufferedBytes = integer(
    'maxBufferedBytes',
    options.maxBufferedBytes,
    d.maxBufferedBytes,
    1,
    Number.MAX_SAFE_INTEGER,
  );
  const nullableString = (name: string, value: string | null | undefined): string | null => {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string' || value === '')
      throw new ConfigError(`${name} must be a non-empty string or null`);
    return value;
  };
  return {
    groupId,
    topics,
    topicPattern,
    assignment,
    groupProtocol: oneOf('groupProtocol', options.groupProtocol, d.groupProtocol, [
      'auto',
      'classic',
      'consumer',
    ]),
    assignors,
    remoteAssignor: nullableString('remoteAssignor', options.remoteAssignor),
    groupInstanceId: nullableString('groupInstanceId', options.groupInstanceId),
    rackId: nullableString('rackId', options.rackId),
    sessionTimeoutMs,
    heartbeatIntervalMs,
    rebalanceTimeoutMs: integer('rebalanceTimeoutMs', options.rebalanceTimeoutMs, d.rebalanceTimeoutMs, 1),
    autoCommit: boolean('autoCommit', options.autoCommit, d.autoCommit),
    autoCommitIntervalMs: integer(
      'autoCommitIntervalMs',
      options.autoCommitIntervalMs,
      d.autoCommitIntervalMs,
      1,
    ),
    autoOffsetReset: oneOf('autoOffsetReset', options.autoOffsetReset, d.autoOffsetReset, [
      'earliest',
      'latest',
      'none',
    ]),
    isolationLevel: oneOf('isolationLevel', options.isolationLevel, d.isolationLevel, [
      'read_uncommitted',
      'read_committed',
    ]),
    minBytes: integer('minBytes', options.minBytes, d.minBytes, 0),
    maxWaitMs: integer('maxWaitMs', options.maxWaitMs, d.maxWaitMs, 0),
    maxBytes,
    maxPartitionBytes,
    maxBufferedBytes,
    decompressors: options.decompressors ?? [],
    reuseMemory: boolean('reuseMemory', options.reuseMemory, d.reuseMemory),
  };
}

/** A boolean option, `fallback` when unset (undefined or null). */
function boolean(name: string, value: boolean | undefined, fallback: boolean): boolean {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new ConfigError(`${name} must be true or false`);
  return value;
}

function patternOf(pattern: string | RegExp | undefined): RegExp | null {
  if (pattern === undefined) return null;
  if (pattern instanceof RegExp) return pattern;
  if (typeof pattern !== 'string' || pattern === '')
    throw new ConfigError('topicPattern must be a RegExp or a non-empty string');
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new ConfigError(`topicPattern is not a valid regular expression: ${(error as Error).message}`);
  }
}

/** The options of {@link ConsumerOptions} that are the consumer's own (the rest go to the cluster). */
const CONSUMER_KEYS: ReadonlySet<string> = new Set([
  'groupId',
  'topics',
  'topicPattern',
  'assignment',
  'groupProtocol',
  'assignors',
  'remoteAssignor',
  'groupInstanceId',
  'sessionTimeoutMs',
  'heartbeatIntervalMs',
  'rebalanceTimeoutMs',
  'autoCommit',
  'autoCommitIntervalMs',
  'autoOffsetReset',
  'isolationLevel',
  'minBytes',
  'maxWaitMs',
  'maxBytes',
  'maxPartitionBytes',
  'maxBufferedBytes',
  'decompressors',
  'rackId',
  'reuseMemory',
] satisfies (keyof ConsumerOptions)[]);

/** The connection and bootstrap options among `options`. */
export function connectionOptionsOf(
  options: ConsumerOptions,
): ConnectionOptions & BootstrapOptions & { bootstrap: Bootstrap } {
  return Object.fromEntries(
    Object.entries(options).filter(([key]) => !CONSUMER_KEYS.has(key)),
  ) as ConnectionOptions & BootstrapOptions & { bootstrap: Bootstrap };
}
