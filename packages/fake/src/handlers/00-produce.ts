// Produce (key 0): acks 0/1/-1, one batch per partition stored as sent, idempotent sequence checks,
// NOT_LEADER_OR_FOLLOWER with the leader's endpoint for partitions this broker does not lead.
import {
  ErrorCode,
  newProduceResponsePartitionProduceResponse,
  Produce,
  type ProduceRequest,
  type ProduceResponse,
  type ProduceResponsePartitionProduceResponse,
} from '@lk/api';
import { appendRecords } from '../append.ts';
import { currentLeader, leaderError, nodeEndpoints } from '../routing.ts';
import type { Topic } from '../topic.ts';
import { defineHandler, NO_RESPONSE } from './handler.ts';

/** KIP-951: leader hints (currentLeader, nodeEndpoints) from v10. */
const FIRST_LEADER_HINT_VERSION = 10;
/** KIP-516: topics by id from v13. */
const FIRST_TOPIC_ID_VERSION = 13;

export default defineHandler({
  api: Produce,
  minVersion: 3,
  maxVersion: 13,
  // Kafka 4 advertises 0-13 and refuses 0-2: librdkafka derives its compression features from v2.
  advertisedMinVersion: 0,
  handle(ctx, request) {
    const { cluster, broker, apiVersion } = ctx;
    if (request.acks !== 0 && request.acks !== 1 && request.acks !== -1) {
      return failAll(request, ErrorCode.INVALID_REQUIRED_ACKS);
    }
    const response: ProduceResponse = { ...Produce.newResponse(), responses: [] };
    const leaders: number[] = [];
    let appended = false;
    for (const topicData of request.topicData) {
      const topic: Topic | undefined =
        apiVersion >= FIRST_TOPIC_ID_VERSION
          ? cluster.state.topicsById.get(topicData.topicId)
          : cluster.state.topic(topicData.name);
      const unknown =
        apiVersion >= FIRST_TOPIC_ID_VERSION
          ? ErrorCode.UNKNOWN_TOPIC_ID
          : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      const partitionResponses = topicData.partitionData.map((data) => {
        const result = partitionResult(data.index, ErrorCode.NONE);
        const partition = topic?.partitions[data.index];
        if (partition === undefined) {
          result.errorCode = topic === undefined ? unknown : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
          return result;
        }
        const notLeader = leaderError(broker, partition);
        if (notLeader !== ErrorCode.NONE) {
          result.errorCode = notLeader;
          if (apiVersion >= FIRST_LEADER_HINT_VERSION && partition.leader >= 0) {
            result.currentLeader = currentLeader(partition);
            leaders.push(partition.leader);
          }
          return result;
        }
        const outcome = appendRecords(
          partition,
          data.records,
          cluster.maxMessageBytes(partition),
          cluster.retentionBytes(partition),
          true, // request frames are never reused (see ClientConnection): a large batch stays in place
        );
        result.errorCode = outcome.errorCode;
        result.baseOffset = outcome.baseOffset;
        result.logStartOffset = partition.log.logStartOffset;
        if ('message' in outcome) result.errorMessage = outcome.message;
        else appended = true;
        return result;
      });
      response.responses.push({ name: topicData.name, topicId: topicData.topicId, partitionResponses });
    }
    if (appended) cluster.state.notifyAppend();
    if (apiVersion >= FIRST_LEADER_HINT_VERSION) {
      response.nodeEndpoints = nodeEndpoints(cluster, leaders, ctx.connection.listener);
    }
    return request.acks === 0 ? NO_RESPONSE : response;
  },
  fail: failAll,
});

function partitionResult(index: number, errorCode: number): ProduceResponsePartitionProduceResponse {
  return { ...newProduceResponsePartitionProduceResponse(), baseOffset: -1n, index, errorCode };
}

function failAll(request: ProduceRequest, errorCode: number): ProduceResponse {
  return {
    ...Produce.newResponse(),
    responses: request.topicData.map((t) => ({
      name: t.name,
      topicId: t.topicId,
      partitionResponses: t.partitionData.map((p) => partitionResult(p.index, errorCode)),
    })),
  };
}
