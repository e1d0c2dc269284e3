// CreatePartitions (key 37): grows topics; validateOnly checks without changing.
import { CreatePartitions, ErrorCode } from '@lk/api';
import { TopicError } from '../state.ts';
import { defineHandler } from './handler.ts';

export default defineHandler({
  api: CreatePartitions,
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, request) {
    const { state } = ctx.cluster;
    const results = request.topics.map((t) => {
      const topic = state.topic(t.name);
      if (topic === undefined) {
        return {
          name: t.name,
          errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          errorMessage: `topic '${t.name}' does not exist`,
        };
      }
      if (t.count <= topic.partitions.length) {
        const message = `Topic currently has ${topic.partitions.length} partitions, which is higher than the requested ${t.count}.`;
        return { name: t.name, errorCode: ErrorCode.INVALID_PARTITIONS, errorMessage: message };
      }
      if (request.validateOnly) return { name: t.name, errorCode: ErrorCode.NONE, errorMessage: null };
      try {
        state.addPartitions(
          topic,
          t.count,
          t.assignments?.map((a) => a.brokerIds),
        );
        return { name: t.name, errorCode: ErrorCode.NONE, errorMessage: null };
      } catch (error) {
        if (!(error instanceof TopicError)) throw error;
        return { name: t.name, errorCode: error.errorCode, errorMessage: error.message };
      }
    });
    return { ...CreatePartitions.newResponse(), results };
  },
  fail: (request, errorCode) => ({
    ...CreatePartitions.newResponse(),
    results: request.topics.map((t) => ({ name: t.name, errorCode, errorMessage: null })),
  }),
});
