// OffsetCommit (key 8): stores offsets for a group after checking the member and its generation
// (classic) or epoch (KIP-848); topics by name, or by id from v10.
import { ErrorCode, OffsetCommit, type OffsetCommitRequest, type OffsetCommitResponse } from '@lk/api';
import { coordinatorError } from '../routing.ts';
import { defineHandler } from './handler.ts';

const FIRST_TOPIC_ID_VERSION = 10;

export default defineHandler({
  api: OffsetCommit,
  minVersion: 2,
  maxVersion: 10,
  handle(ctx, request) {
    const { cluster } = ctx;
    let refused = coordinatorError(cluster, ctx.broker, request.groupId);
    if (refused === ErrorCode.NONE) {
      refused = cluster.groups.validateCommit(
        request.groupId,
        request.memberId,
        request.generationIdOrMemberEpoch,
      );
    }
    if (refused !== ErrorCode.NONE) return failAll(request, refused);
    const byId = ctx.apiVersion >= FIRST_TOPIC_ID_VERSION;
    return {
      ...OffsetCommit.newResponse(),
      topics: request.topics.map((t) => {
        const topic = byId ? cluster.state.topicsById.get(t.topicId) : cluster.state.topic(t.name);
        return {
          name: t.name,
          topicId: t.topicId,
          partitions: t.partitions.map((p) => {
            if (topic?.partitions[p.partitionIndex] === undefined) {
              const errorCode =
                byId && topic === undefined
                  ? ErrorCode.UNKNOWN_TOPIC_ID
                  : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
              return { partitionIndex: p.partitionIndex, errorCode };
            }
            cluster.groups.commit(request.groupId, topic.name, p.partitionIndex, {
              offset: p.committedOffset,
              leaderEpoch: p.committedLeaderEpoch,
              metadata: p.committedMetadata,
            });
            return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE };
          }),
        };
      }),
    };
  },
  fail: failAll,
});

function failAll(request: OffsetCommitRequest, errorCode: number): OffsetCommitResponse {
  return {
    ...OffsetCommit.newResponse(),
    topics: request.topics.map((t) => ({
      name: t.name,
      topicId: t.topicId,
      partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })),
    })),
  };
}
