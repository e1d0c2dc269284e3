// OffsetForLeaderEpoch (key 23): where a leader epoch ended, from the partition's epoch cache
// (KIP-101/KIP-320), so that consumers can detect truncation after a leader change.
import { ErrorCode, OffsetForLeaderEpoch } from '@lk/api';
import { leaderError } from '../routing.ts';
import { defineHandler } from './handler.ts';

const UNDEFINED_EPOCH = -1;
const UNDEFINED_OFFSET = -1n;

export default defineHandler({
  api: OffsetForLeaderEpoch,
  minVersion: 2,
  maxVersion: 4,
  handle(ctx, request) {
    return {
      ...OffsetForLeaderEpoch.newResponse(),
      topics: request.topics.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((p) => {
          const out = {
            errorCode: ErrorCode.NONE,
            partition: p.partition,
            leaderEpoch: UNDEFINED_EPOCH,
            endOffset: UNDEFINED_OFFSET,
          };
          const partition = ctx.cluster.state.partition(t.topic, p.partition);
          if (partition === undefined) return { ...out, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
          const refused = leaderError(ctx.broker, partition, p.currentLeaderEpoch);
          if (refused !== ErrorCode.NONE) return { ...out, errorCode: refused };
          if (p.leaderEpoch > partition.leaderEpoch) return out;
          const end = partition.log.endOffsetFor(p.leaderEpoch, partition.leaderEpoch);
          return end === undefined ? out : { ...out, leaderEpoch: end.epoch, endOffset: end.endOffset };
        }),
      })),
    };
  },
  fail: (request, errorCode) => ({
    ...OffsetForLeaderEpoch.newResponse(),
    topics: request.topics.map((t) => ({
      topic: t.topic,
      partitions: t.partitions.map((p) => ({
        errorCode,
        partition: p.partition,
        leaderEpoch: UNDEFINED_EPOCH,
        endOffset: UNDEFINED_OFFSET,
      })),
    })),
  }),
});
