// Metadata (key 3): brokers on the client's listener, topics with leaders, epochs, replicas and
// ids; unknown topics are created when auto-creation is on, as `auto.create.topics.enable` does.
import {
  ErrorCode,
  Metadata,
  type MetadataRequest,
  type MetadataResponse,
  type MetadataResponseMetadataResponseTopic,
} from '@lk/api';
import { ZERO_UUID } from '@lk/wire';
import { isValidTopicName, type Topic } from '../topic.ts';
import { defineHandler, type RequestContext } from './handler.ts';

const FIRST_TOPIC_ID_VERSION = 10;
const FIRST_AUTO_CREATE_FIELD_VERSION = 4;

export default defineHandler({
  api: Metadata,
  minVersion: 0,
  maxVersion: 13,
  handle(ctx, request) {
    const { cluster, apiVersion } = ctx;
    const response: MetadataResponse = {
      ...Metadata.newResponse(),
      brokers: cluster.liveBrokers().map((b) => ({
        nodeId: b.nodeId,
        host: b.host,
        port: b.port(ctx.connection.listener),
        rack: b.rack,
      })),
      clusterId: cluster.options.clusterId,
      controllerId: cluster.liveBrokers()[0]?.nodeId ?? -1,
      topics: [],
    };
    const everything = request.topics === null || (apiVersion === 0 && request.topics.length === 0);
    if (everything) {
      for (const topic of cluster.state.topics.values()) response.topics.push(describe(ctx, topic));
      return response;
    }
    for (const wanted of request.topics ?? []) response.topics.push(lookUp(ctx, request, wanted));
    return response;
  },
  fail(request, errorCode) {
    return {
      ...Metadata.newResponse(),
      topics: (request.topics ?? []).map((t) => ({ ...topicResult(t.name ?? '', t.topicId), errorCode })),
    };
  },
});

function lookUp(
  ctx: RequestContext,
  request: MetadataRequest,
  wanted: { name: string | null; topicId: string },
): MetadataResponseMetadataResponseTopic {
  const { cluster } = ctx;
  if (wanted.name === null) {
    const topic = cluster.state.topicsById.get(wanted.topicId);
    if (topic === undefined)
      return { ...topicResult(null, wanted.topicId), errorCode: ErrorCode.UNKNOWN_TOPIC_ID };
    return describe(ctx, topic);
  }
  const known = cluster.state.topic(wanted.name);
  if (known !== undefined) return describe(ctx, known);
  if (!isValidTopicName(wanted.name)) {
    return { ...topicResult(wanted.name, ZERO_UUID), errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION };
  }
  const allowed = ctx.apiVersion < FIRST_AUTO_CREATE_FIELD_VERSION || request.allowAutoTopicCreation;
  if (allowed && cluster.options.autoCreateTopics) return describe(ctx, cluster.createTopic(wanted.name));
  return { ...topicResult(wanted.name, ZERO_UUID), errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
}

function topicResult(name: string | null, topicId: string): MetadataResponseMetadataResponseTopic {
  return {
    errorCode: ErrorCode.NONE,
    name,
    topicId,
    isInternal: false,
    partitions: [],
    topicAuthorizedOperations: -2147483648,
  };
}

function describe(ctx: RequestContext, topic: Topic): MetadataResponseMetadataResponseTopic {
  const live = (id: number): boolean => ctx.cluster.brokers[id]?.running === true;
  const withId = ctx.apiVersion >= FIRST_TOPIC_ID_VERSION;
  return {
    ...topicResult(topic.name, withId ? topic.id : ZERO_UUID),
    partitions: topic.partitions.map((p) => ({
      errorCode: p.leader < 0 ? ErrorCode.LEADER_NOT_AVAILABLE : ErrorCode.NONE,
      partitionIndex: p.index,
      leaderId: p.leader,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: p.replicas,
      isrNodes: p.replicas.filter(live),
      offlineReplicas: p.replicas.filter((id) => !live(id)),
    })),
  };
}
