import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, KafkaError } from '@lk/api';
import { type Cluster, exponentialBackoff, MetadataError } from '@lk/client';

/** A topic-partition, as the per-partition operations take them. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** The entries grouped by topic, topics in first-seen order: the shape of every per-partition request. */
export function byTopic<T extends TopicPartition>(entries: readonly T[]): [string, T[]][] {
  const topics = new Map<string, T[]>();
  for (const e of entries) {
    const list = topics.get(e.topic);
    if (list) list.push(e);
    else topics.set(e.topic, [e]);
  }
  return [...topics];
}

/**
 * The entries grouped by their partition's leader (from the metadata cache, refreshed when
 * unknown). A partition that does not exist or has no leader is not sent anywhere: it is in
 * `unroutable` with the broker's error for it, `leaderless` when it exists but has no leader yet.
 */
export async function byLeader<T extends TopicPartition>(
  cluster: Cluster,
  entries: readonly T[],
  signal?: AbortSignal,
): Promise<{
  leaders: Map<number, T[]>;
  unroutable: { entry: T; error: KafkaError; leaderless: boolean }[];
}> {
  const leaders = new Map<number, T[]>();
  const unroutable: { entry: T; error: KafkaError; leaderless: boolean }[] = [];
  for (const entry of entries) {
    try {
      const { leaderId } = await cluster.leaderOf(entry.topic, entry.partition, signal);
      const list = leaders.get(leaderId);
      if (list) list.push(entry);
      else leaders.set(leaderId, [entry]);
    } catch (error) {
      if (!(error instanceof MetadataError)) throw error;
      const cause =
        error.cause instanceof KafkaError
          ? error.cause
          : new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, error.message);
      unroutable.push({ entry, error: cause, leaderless: error.code === 'LK_METADATA_NO_LEADER' });
    }
  }
  return { leaders, unroutable };
}

/** A per-partition outcome: the partition and the broker's error for it. */
export interface PartitionOutcome extends TopicPartition {
  readonly error: KafkaError | null;
}

const keyOf = (p: TopicPartition) => `${p.partition}:${p.topic}`;

// The leader moved or is not known yet (a partition just created, an election): ask again elsewhere.
const leaderMoved = (error: KafkaError | null) => error?.retriable === true && error.invalidMetadata;

/**
 * Sends `entries` to their partitions' leaders, one request per leader (`send`), and returns one
 * result per entry in the order asked. A partition its leader answered with an invalid-metadata
 * error (NOT_LEADER_OR_FOLLOWER, LEADER_NOT_AVAILABLE, ...: a partition just created, an election),
 * or one without a leader yet, is sent again after a backoff and a metadata refresh, as the Java
 * admin client does, until `retryTimeoutMs` (default the pool's `requestTimeoutMs`); then its last
 * error is its result. A partition the metadata does not have fails at once. `failed` makes the
 * result of an entry that was not sent.
 */
export async function sendToLeaders<T extends TopicPartition, R extends PartitionOutcome>(
  cluster: Cluster,
  entries: readonly T[],
  send: (leaderId: number, mine: T[]) => Promise<R[]>,
  failed: (entry: T, error: KafkaError) => R,
  options: { signal?: AbortSignal | undefined; retryTimeoutMs?: number | undefined },
): Promise<R[]> {
  const deadline = performance.now() + (options.retryTimeoutMs ?? cluster.pool.options.requestTimeoutMs);
  const settled = new Map<string, R>();
  let pending = [...entries];
  for (let attempt = 1; pending.length > 0; attempt++) {
    const { leaders, unroutable } = await byLeader(cluster, pending, options.signal);
    const answers = await Promise.all([...leaders].map(([leaderId, mine]) => send(leaderId, mine)));
    const pauseMs = exponentialBackoff(
      attempt,
      cluster.metadata.retryBackoffMs,
      cluster.metadata.retryBackoffMaxMs,
    );
    const again = performance.now() + pauseMs < deadline;
    const byKey = new Map(pending.map((e) => [keyOf(e), e]));
    const retry: T[] = [];
    for (const result of answers.flat()) {
      const entry = byKey.get(keyOf(result));
      if (again && entry !== undefined && leaderMoved(result.error)) retry.push(entry);
      else settled.set(keyOf(result), result);
    }
    for (const { entry, error, leaderless } of unroutable) {
      if (again && leaderless) retry.push(entry);
      else settled.set(keyOf(entry), failed(entry, error));
    }
    pending = retry;
    if (pending.length === 0) break;
    await sleep(pauseMs, undefined, { signal: options.signal });
    await cluster.metadata.refresh([...new Set(pending.map((e) => e.topic))], options.signal);
  }
  return inAskedOrder(entries, [...settled.values()]);
}

/** Sorts results into the order their entries were asked in. */
export function inAskedOrder<T extends TopicPartition>(asked: readonly TopicPartition[], results: T[]): T[] {
  const index = new Map(asked.map((p, i) => [`${p.partition}:${p.topic}`, i]));
  return results.sort(
    (a, b) => (index.get(`${a.partition}:${a.topic}`) ?? 0) - (index.get(`${b.partition}:${b.topic}`) ?? 0),
  );
}
