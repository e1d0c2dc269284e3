import { ErrorCode } from '@lk/api';
/**
 * The error code a response gives for one topic-partition, found by the shape Kafka's per-partition
 * responses share (Produce, Fetch, ListOffsets, OffsetForLeaderEpoch, DeleteRecords, ...): a
 * non-zero top-level `errorCode` first, then the entry of `responses` or `topics` whose `name`,
 * `topic` or `topicId` matches, and in its `partitionResponses` or `partitions` the one whose
 * `index`, `partitionIndex` or `partition` matches. 0 when there is none.
 */
export function partitionErrorCode(
  response: unknown,
  topic: string,
  topicId: string | undefined,
  partition: number,
): number {
  const top = topLevelErrorCode(response);
  if (top !== ErrorCode.NONE) return top;
  const body = response as Record<string, unknown>;
  const topics = (body.responses ?? body.topics) as Record<string, unknown>[] | undefined;
  if (!Array.isArray(topics)) return ErrorCode.NONE;
  for (const t of topics) {
    const named = t.name === topic || t.topic === topic || (topicId !== undefined && t.topicId === topicId);
    if (!named) continue;
    const partitions = (t.partitionResponses ?? t.partitions) as Record<string, unknown>[] | undefined;
    if (!Array.isArray(partitions)) continue;
    for (const p of partitions) {
      if ((p.index ?? p.partitionIndex ?? p.partition) === partition)
        return Number(p.errorCode ?? ErrorCode.NONE);
    }
  }
  return ErrorCode.NONE;
}

/**
 * A response's top-level `errorCode`, or for FindCoordinator v4+ the first coordinator's; 0 when
 * it has none.
 */
export function topLevelErrorCode(response: unknown): number {
  const body = response as Record<string, unknown>;
  if (typeof body.errorCode === 'number' && body.errorCode !== ErrorCode.NONE) return body.errorCode;
  const coordinators = body.coordinators as { errorCode: number }[] | undefined;
  if (Array.isArray(coordinators) && coordinators.length > 0) return coordinators[0]!.errorCode;
  return ErrorCode.NONE;
}
