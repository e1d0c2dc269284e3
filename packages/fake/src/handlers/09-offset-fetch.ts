// OffsetFetch (key 9): committed offsets of one group (v1-7) or several (v8+); -1 where none.
import { ErrorCode, OffsetFetch } from '@lk/api';
import type { FakeCluster } from '../cluster.ts';
import { coordinatorError } from '../routing.ts';
import { defineHandler, type RequestContext } from './handler.ts';

const FIRST_MULTI_GROUP_VERSION = 8;
const FIRST_TOPIC_ID_VERSION = 10;

interface Wanted {
  name: string;
  topicId: string;
  partitionIndexes: number[];
}

export default defineHandler({
  api: OffsetFetch,
  minVersion: 1,
  maxVersion: 10,
  handle(ctx, request) {
    const response = OffsetFetch.newResponse();
    if (ctx.apiVersion < FIRST_MULTI_GROUP_VERSION) {
      const refused = coordinatorError(ctx.cluster, ctx.broker, request.groupId);
      if (refused !== ErrorCode.NONE) return { ...response, errorCode: refused };
      const topics = offsetsOf(
        ctx,
        request.groupId,
        request.topics?.map((t) => ({ ...t, topicId: '' })) ?? null,
      );
      return { ...response, topics: topics.map((t) => ({ name: t.name, partitions: t.partitions })) };
    }
    return {
      ...response,
      groups: request.groups.map((g) => {
        const refused = coordinatorError(ctx.cluster, ctx.broker, g.groupId);
        if (refused !== ErrorCode.NONE) return { groupId: g.groupId, topics: [], errorCode: refused };
        return { groupId: g.groupId, topics: offsetsOf(ctx, g.groupId, g.topics), errorCode: ErrorCode.NONE };
      }),
    };
  },
});

function offsetsOf(ctx: RequestContext, groupId: string, wanted: Wanted[] | null) {
  const { cluster } = ctx;
  const byId = ctx.apiVersion >= FIRST_TOPIC_ID_VERSION;
  return (wanted ?? everything(cluster, groupId)).map((t) => {
    const topic = byId ? cluster.state.topicsById.get(t.topicId) : cluster.state.topic(t.name);
    const name = topic?.name ?? t.name;
    return {
      name: t.name,
      topicId: t.topicId,
      partitions: t.partitionIndexes.map((partitionIndex) => {
        const committed = cluster.groups.committed(groupId, name, partitionIndex);
        return {
          partitionIndex,
          committedOffset: committed?.offset ?? -1n,
          committedLeaderEpoch: committed?.leaderEpoch ?? -1,
          metadata: committed?.metadata ?? '',
          errorCode: byId && topic === undefined ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.NONE,
        };
      }),
    };
  });
}

/** Every partition the group committed (a request with topics null). */
function everything(cluster: FakeCluster, groupId: string): Wanted[] {
  return [...cluster.committedOffsets(groupId)].map(([name, partitions]) => ({
    name,
    topicId: cluster.state.topic(name)?.id ?? 'AAAAAAAAAAAAAAAAAAAAAA',
    partitionIndexes: [...partitions.keys()],
  }));
}
