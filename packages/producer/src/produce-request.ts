import { Produce } from '@lk/api';
import type { ResponseOf } from '@lk/client';
import type { PendingBatch } from './pending-batch.ts';

export type ProduceResponse = ResponseOf<typeof Produce>;
export type PartitionResponse = ProduceResponse['responses'][number]['partitionResponses'][number];

/** One Produce request carrying one batch of each partition in `batches` (all led by one broker). */
export function produceRequest(
  batches: readonly PendingBatch[],
  frames: readonly Uint8Array[],
  acks: -1 | 0 | 1,
  timeoutMs: number,
  topicIdOf: (topic: string) => string,
) {
  const byTopic = new Map<string, { index: number; records: Uint8Array }[]>();
  batches.forEach((batch, i) => {
    let partitions = byTopic.get(batch.topic);
    if (partitions === undefined) byTopic.set(batch.topic, (partitions = []));
    partitions.push({ index: batch.partition, records: frames[i]! });
  });
  return {
    ...Produce.newRequest(),
    transactionalId: null,
    acks,
    timeoutMs,
    topicData: [...byTopic].map(([name, partitionData]) => ({
      name,
      topicId: topicIdOf(name),
      partitionData,
    })),
  };
}

/** Bytes of the request header and body fields around the batches, and per topic and partition. */
const REQUEST_OVERHEAD = 128;
const PER_TOPIC_OVERHEAD = 32;
const PER_PARTITION_OVERHEAD = 16;

/**
 * About the size of the request frame {@link produceRequest} makes of `batches` (a little above it),
 * so that its buffer is allocated once instead of growing by doubling.
 */
export function produceRequestSize(batches: readonly PendingBatch[], frames: readonly Uint8Array[]): number {
  let size = REQUEST_OVERHEAD;
  const topics = new Set<string>();
  for (let i = 0; i < batches.length; i++) {
    const { topic } = batches[i]!;
    if (!topics.has(topic)) size += PER_TOPIC_OVERHEAD + 3 * topic.length;
    topics.add(topic);
    size += PER_PARTITION_OVERHEAD + frames[i]!.length;
  }
  return size;
}

/** The response's entry for `batch`'s partition (topics named, or by id from v13), if any. */
export function entryFor(
  response: ProduceResponse,
  batch: PendingBatch,
  topicId: string,
): PartitionResponse | undefined {
  for (const topic of response.responses) {
    // Up to v12 topics are named; from v13 they are identified by id and the name is empty.
    if (topic.name === '' ? topic.topicId !== topicId : topic.name !== batch.topic) continue;
    for (const entry of topic.partitionResponses) if (entry.index === batch.partition) return entry;
  }
  return undefined;
}
