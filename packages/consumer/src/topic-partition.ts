/** One partition of a topic. */
export interface TopicPartition {
  topic: string;
  partition: number;
}

/** Partitions of one topic, as the consumer protocol and most requests list them. */
export interface TopicPartitions {
  topic: string;
  partitions: number[];
}

/** `topic/partition`, the key lk uses for per-partition maps. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

/** Groups partitions by topic, topics and partitions in ascending order. */
export function groupByTopic(partitions: Iterable<TopicPartition>): TopicPartitions[] {
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of partitions) {
    const list = byTopic.get(topic);
    if (list) list.push(partition);
    else byTopic.set(topic, [partition]);
  }
  return [...byTopic.keys()]
    .sort(compareStrings)
    .map((topic) => ({ topic, partitions: byTopic.get(topic)!.sort((a, b) => a - b) }));
}

/** Lists every partition of `topics`. */
export function flatten(topics: readonly TopicPartitions[]): TopicPartition[] {
  return topics.flatMap(({ topic, partitions }) => partitions.map((partition) => ({ topic, partition })));
}

/** Java's `String.compareTo` order (UTF-16 code units), which JavaScript's `<` also follows. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
