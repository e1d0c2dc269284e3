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
 * Record batches of at least this many bytes are handed to the socket as they are, beside the
 * request's other bytes, rather than copied into its frame (`shareBytesFrom`): a 1 MiB request
 * then allocates and copies ~1 KiB instead of 1 MiB. Smaller ones are copied: below a few KiB a
 * copy costs less than one more piece of the socket's writev.
 */
export const SHARE_BATCHES_FROM = 4096;

/**
 * About the size of the request frame {@link produceRequest} makes of `batches` (a little above it),
 * batches of {@link SHARE_BATCHES_FROM} bytes or more left out, so that its buffer is allocated once
 * instead of growing by doubling.
 */
export function produceRequestSize(batches: readonly PendingBatch[], frames: readonly Uint8Array[]): number {
  let size = REQUEST_OVERHEAD;
  const topics = new Set<string>();
  for (let i = 0; i < batches.length; i++) {
    const { topic } = batches[i]!;
    if (!topics.has(topic)) size += PER_TOPIC_OVERHEAD + 3 * topic.length;
    topics.add(topic);
    const length = frames[i]!.length;
    size += PER_PARTITION_OVERHEAD + (length >= SHARE_BATCHES_FROM ? 0 : length);
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
