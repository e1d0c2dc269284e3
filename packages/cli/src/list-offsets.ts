// ListOffsets for one partition at its leader: the earliest, the latest, or the first offset at or
// after a time (-1n when no record is that new).
import { IsolationLevel, kafkaErrorFor, ListOffsets, ListOffsetsTimestamp, ReplicaId } from '@lk/api';
import type { Cluster } from '@lk/client';

export type OffsetQuery = 'earliest' | 'latest' | { ms: number };

export async function listOffset(
  cluster: Cluster,
  topic: string,
  partition: number,
  query: OffsetQuery,
  signal?: AbortSignal,
): Promise<{ offset: bigint; timestamp: bigint }> {
  const timestamp =
    query === 'earliest'
      ? ListOffsetsTimestamp.EARLIEST
      : query === 'latest'
        ? ListOffsetsTimestamp.LATEST
        : BigInt(query.ms);
  const response = await cluster.call(
    { leaderOf: { topic, partition } },
    ListOffsets,
    {
      ...ListOffsets.newRequest(),
      replicaId: ReplicaId.CONSUMER,
      isolationLevel: IsolationLevel.READ_UNCOMMITTED,
      topics: [
        { name: topic, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp }] },
      ],
    },
    { signal },
  );
  const answer = response.topics[0]?.partitions[0];
  if (answer === undefined) throw new Error(`ListOffsets answered nothing for ${topic}/${partition}`);
  const error = kafkaErrorFor(answer.errorCode);
  if (error !== null) throw error;
  return { offset: answer.offset, timestamp: answer.timestamp };
}
