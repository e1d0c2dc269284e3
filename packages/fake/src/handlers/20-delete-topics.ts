// DeleteTopics (key 20): by name (v1-5) or by name or id (v6+).
import { DeleteTopics, type DeleteTopicsRequest, type DeleteTopicsResponse, ErrorCode } from '@lk/api';
import { ZERO_UUID } from '@lk/wire';
import type { Topic } from '../topic.ts';
import { defineHandler } from './handler.ts';

const FIRST_TOPIC_ID_VERSION = 6;

export default defineHandler({
  api: DeleteTopics,
  minVersion: 1,
  maxVersion: 6,
  handle(ctx, request) {
    const { state } = ctx.cluster;
    const responses = wanted(request, ctx.apiVersion).map(({ name, topicId }) => {
      const topic: Topic | undefined = name !== null ? state.topic(name) : state.topicsById.get(topicId);
      if (topic === undefined) {
        const errorCode = name !== null ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.UNKNOWN_TOPIC_ID;
        return { name, topicId, errorCode, errorMessage: null };
      }
      state.deleteTopic(topic);
      return {
        name: topic.name,
        topicId: ctx.apiVersion >= FIRST_TOPIC_ID_VERSION ? topic.id : ZERO_UUID,
        errorCode: ErrorCode.NONE,
        errorMessage: null,
      };
    });
    return { ...DeleteTopics.newResponse(), responses };
  },
  fail: (request: DeleteTopicsRequest, errorCode: number, version: number): DeleteTopicsResponse => ({
    ...DeleteTopics.newResponse(),
    responses: wanted(request, version).map((t) => ({ ...t, errorCode, errorMessage: null })),
  }),
});

function wanted(request: DeleteTopicsRequest, version: number): { name: string | null; topicId: string }[] {
  if (version >= FIRST_TOPIC_ID_VERSION)
    return request.topics.map((t) => ({ name: t.name, topicId: t.topicId }));
  return request.topicNames.map((name) => ({ name, topicId: ZERO_UUID }));
}
