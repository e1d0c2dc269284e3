import { ErrorCode, KafkaError } from '@lk/api';
import { type Cluster, MetadataError } from '@lk/client';

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
 * `unroutable` with the broker's error for it.
 */
export async function byLeader<T extends TopicPartition>(
  cluster: Cluster,
  entries: readonly T[],
  signal?: AbortSignal,
): Promise<{ leaders: Map<number, T[]>; unroutable: { entry: T; error: KafkaError }[] }> {
  const leaders = new Map<number, T[]>();
  const unroutable: { entry: T; error: KafkaError }[] = [];
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
      unroutable.push({ entry, error: cause });
    }
  }
  return { leaders, unroutable };
}

/** Sorts results into the order their entries were asked in. */
export function inAskedOrder<T extends TopicPartition>(asked: readonly TopicPartition[], results: T[]): T[] {
  const index = new Map(asked.map((p, i) => [`${p.partition}:${p.topic}`, i]));
  return results.sort(
    (a, b) => (index.get(`${a.partition}:${a.topic}`) ?? 0) - (index.get(`${b.partition}:${b.topic}`) ?? 0),
  );
}
