// CreateTopics (key 19): partitions, replication factor (capped by the broker count), explicit
// assignments and configs; validateOnly checks without creating.
import {
  ConfigSource,
  CreateTopics,
  type CreateTopicsRequest,
  type CreateTopicsResponse,
  ErrorCode,
} from '@lk/api';
import { ZERO_UUID } from '@lk/wire';
import { TopicError, type TopicSpec } from '../state.ts';
import { defineHandler } from './handler.ts';

export default defineHandler({
  api: CreateTopics,
  minVersion: 2,
  maxVersion: 7,
  handle(ctx, request) {
    const { state } = ctx.cluster;
    const response: CreateTopicsResponse = { ...CreateTopics.newResponse(), topics: [] };
    for (const t of request.topics) {
      const spec: TopicSpec = {
        partitions: t.numPartitions,
        replicationFactor: t.replicationFactor,
        configs: Object.fromEntries(t.configs.map((c) => [c.name, c.value ?? ''])),
        assignments: [...t.assignments]
          .sort((a, b) => a.partitionIndex - b.partitionIndex)
          .map((a) => a.brokerIds),
      };
      const result = {
        name: t.name,
        topicId: ZERO_UUID,
        errorCode: ErrorCode.NONE as number,
        errorMessage: null as string | null,
        topicConfigErrorCode: ErrorCode.NONE,
        numPartitions: -1,
        replicationFactor: -1,
        configs: [] as CreateTopicsResponse['topics'][number]['configs'],
      };
      try {
        const resolved = state.validate(t.name, spec);
        result.numPartitions = resolved.partitions;
        result.replicationFactor = resolved.replicationFactor;
        if (!request.validateOnly) result.topicId = state.createTopic(t.name, spec).id;
        result.configs = t.configs.map((c) => ({
          name: c.name,
          value: c.value,
          readOnly: false,
          configSource: ConfigSource.TOPIC_CONFIG,
          isSensitive: false,
        }));
      } catch (error) {
        if (!(error instanceof TopicError)) throw error;
        result.errorCode = error.errorCode;
        result.errorMessage = error.message;
      }
      response.topics.push(result);
    }
    return response;
  },
  fail: (request: CreateTopicsRequest, errorCode: number): CreateTopicsResponse => ({
    ...CreateTopics.newResponse(),
    topics: request.topics.map((t) => ({
      name: t.name,
      topicId: ZERO_UUID,
      errorCode,
      errorMessage: null,
      topicConfigErrorCode: ErrorCode.NONE,
      numPartitions: -1,
      replicationFactor: -1,
      configs: null,
    })),
  }),
});
