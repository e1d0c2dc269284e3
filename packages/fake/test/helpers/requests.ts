// Requests the protocol tests send, at any version the fake advertises.
import {
  Fetch,
  type FetchRequest,
  ListOffsets,
  type ListOffsetsRequest,
  newFetchRequestFetchPartition,
  Produce,
  type ProduceRequest,
} from '@lk/api';
import { Builder, type ProducerFields } from '@lk/batch';

const utf8 = new TextEncoder();

/** A marshaled batch of `count` records "v0".."v{count-1}" with timestamps `timestamp + i`. */
export function batchBytes(
  count: number,
  producer?: ProducerFields,
  timestamp = 1_700_000_000_000,
): Uint8Array {
  const builder = new Builder(producer);
  for (let i = 0; i < count; i++) builder.add({ value: utf8.encode(`v${i}`), timestamp: timestamp + i });
  return builder.build().marshal();
}

export function produceRequest(
  topic: { name: string; id: string },
  partition: number,
  records: Uint8Array | null,
  acks = -1,
): ProduceRequest {
  return {
    ...Produce.newRequest(),
    acks,
    timeoutMs: 5000,
    topicData: [{ name: topic.name, topicId: topic.id, partitionData: [{ index: partition, records }] }],
  };
}

export function fetchRequest(
  topic: { name: string; id: string },
  partitions: { partition: number; fetchOffset: bigint }[],
  options: Partial<FetchRequest> = {},
): FetchRequest {
  return {
    ...Fetch.newRequest(),
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 1 << 20,
    topics: [
      {
        topic: topic.name,
        topicId: topic.id,
        partitions: partitions.map((p) => ({
          ...newFetchRequestFetchPartition(),
          partition: p.partition,
          fetchOffset: p.fetchOffset,
          partitionMaxBytes: 1 << 20,
        })),
      },
    ],
    ...options,
  };
}

export function listOffsetsRequest(topic: string, partition: number, timestamp: bigint): ListOffsetsRequest {
  return {
    ...ListOffsets.newRequest(),
    topics: [{ name: topic, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp }] }],
  };
}
