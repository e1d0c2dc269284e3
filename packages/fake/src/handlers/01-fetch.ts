// Fetch (key 1), v4+: batches as stored, byte limits with KIP-74's first-batch rule, long polling
// on maxWaitMs/minBytes, fetch sessions (KIP-227), topic ids (v13+), leader epochs (KIP-320),
// diverging epochs (KIP-595) and leader hints (KIP-951).
import {
  ErrorCode,
  Fetch,
  type FetchRequest,
  type FetchResponse,
  type FetchResponseFetchableTopicResponse,
  type FetchResponsePartitionData,
  FetchSessionEpoch,
  IsolationLevel,
  newFetchResponsePartitionData,
} from '@lk/api';
import { FetchSession, type SessionPartition } from '../fetch-sessions.ts';
import { currentLeader, leaderError, nodeEndpoints } from '../routing.ts';
import { defineHandler, type RequestContext } from './handler.ts';

const FIRST_TOPIC_ID_VERSION = 13;
const FIRST_LEADER_HINT_VERSION = 12;
const FIRST_NODE_ENDPOINTS_VERSION = 16;

export default defineHandler({
  api: Fetch,
  minVersion: 4,
  maxVersion: 18,
  async handle(ctx, request) {
    const resolved = resolveSession(ctx, request);
    if (typeof resolved === 'number') return { ...Fetch.newResponse(), errorCode: resolved, responses: [] };
    const { session, partitions, full } = resolved;
    let answer = collect(ctx, request, partitions, full);
    if (!answer.hasError && answer.bytes < request.minBytes && request.maxWaitMs > 0) {
      await waitForData(ctx, request.maxWaitMs, () => {
        answer = collect(ctx, request, partitions, full);
        return answer.hasError || answer.bytes >= request.minBytes;
      });
      answer = collect(ctx, request, partitions, full);
    }
    for (const { entry, data } of answer.sent) {
      entry.sentHighWatermark = data.highWatermark;
      entry.sentLogStartOffset = data.logStartOffset;
    }
    const response: FetchResponse = {
      ...Fetch.newResponse(),
      sessionId: session?.id ?? 0,
      responses: answer.topics,
    };
    if (ctx.apiVersion >= FIRST_NODE_ENDPOINTS_VERSION) {
      response.nodeEndpoints = nodeEndpoints(ctx.cluster, answer.leaders, ctx.connection.listener);
    }
    return response;
  },
  responseSize(response, shareFrom) {
    let bytes = 1024;
    for (const t of response.responses) {
      for (const p of t.partitions) {
        const records = p.records?.length ?? 0;
        bytes += 128 + (records < shareFrom ? records : 0);
      }
    }
    return bytes;
  },
  fail(request, errorCode) {
    return {
      ...Fetch.newResponse(),
      errorCode,
      responses: request.topics.map((t) => ({
        topic: t.topic,
        topicId: t.topicId,
        partitions: t.partitions.map((p) => ({
          ...newFetchResponsePartitionData(),
          partitionIndex: p.partition,
          errorCode,
          highWatermark: -1n,
        })),
      })),
    };
  },
});

interface Resolved {
  session: FetchSession | null;
  partitions: SessionPartition[];
  /** Full responses list every partition; incremental ones only those with news. */
  full: boolean;
}

/** Applies the request to the broker's sessions; returns the partitions to serve, or a top-level error code. */
function resolveSession(ctx: RequestContext, request: FetchRequest): Resolved | number {
  const sessions = ctx.broker.fetchSessions;
  const { sessionId, sessionEpoch } = request;
  if (sessionEpoch === FetchSessionEpoch.FINAL || sessionEpoch === FetchSessionEpoch.INITIAL) {
    if (sessionId !== 0 && !sessions.delete(sessionId) && sessionEpoch === FetchSessionEpoch.FINAL) {
      return ErrorCode.FETCH_SESSION_ID_NOT_FOUND;
    }
    const session = sessionEpoch === FetchSessionEpoch.INITIAL ? sessions.create() : null;
    const partitions: SessionPartition[] = [];
    for (const entry of requested(ctx, request)) {
      partitions.push(entry);
      session?.partitions.set(FetchSession.key(entry.topicKey, entry.partition), entry);
    }
    return { session, partitions, full: true };
  }
  const session = sessions.get(sessionId);
  if (session === undefined) return ErrorCode.FETCH_SESSION_ID_NOT_FOUND;
  if (session.epoch !== sessionEpoch) return ErrorCode.INVALID_FETCH_SESSION_EPOCH;
  for (const entry of requested(ctx, request)) {
    const key = FetchSession.key(entry.topicKey, entry.partition);
    const known = session.partitions.get(key);
    if (known === undefined) session.partitions.set(key, entry);
    else {
      known.fetchOffset = entry.fetchOffset;
      known.partitionMaxBytes = entry.partitionMaxBytes;
      known.currentLeaderEpoch = entry.currentLeaderEpoch;
      known.lastFetchedEpoch = entry.lastFetchedEpoch;
    }
  }
  const byId = ctx.apiVersion >= FIRST_TOPIC_ID_VERSION;
  for (const forgotten of request.forgottenTopicsData) {
    for (const p of forgotten.partitions) {
      session.partitions.delete(FetchSession.key(byId ? forgotten.topicId : forgotten.topic, p));
    }
  }
  session.advance();
  return { session, partitions: [...session.partitions.values()], full: false };
}

function* requested(ctx: RequestContext, request: FetchRequest): Generator<SessionPartition> {
  const byId = ctx.apiVersion >= FIRST_TOPIC_ID_VERSION;
  for (const t of request.topics) {
    const topic = byId ? ctx.cluster.state.topicsById.get(t.topicId) : ctx.cluster.state.topic(t.topic);
    for (const p of t.partitions) {
      yield {
        topicKey: byId ? t.topicId : t.topic,
        topic: topic?.name ?? t.topic,
        topicId: topic?.id ?? t.topicId,
        partition: p.partition,
        fetchOffset: p.fetchOffset,
        partitionMaxBytes: p.partitionMaxBytes,
        currentLeaderEpoch: p.currentLeaderEpoch,
        lastFetchedEpoch: p.lastFetchedEpoch,
        sentHighWatermark: -2n,
        sentLogStartOffset: -2n,
      };
    }
  }
}

interface Collected {
  topics: FetchResponseFetchableTopicResponse[];
  bytes: number;
  hasError: boolean;
  leaders: number[];
  sent: { entry: SessionPartition; data: FetchResponsePartitionData }[];
}

/** Reads every partition within the byte limits. Pure: session bookkeeping happens once the answer is final. */
function collect(
  ctx: RequestContext,
  request: FetchRequest,
  partitions: SessionPartition[],
  full: boolean,
): Collected {
  const out: Collected = { topics: [], bytes: 0, hasError: false, leaders: [], sent: [] };
  const byTopic = new Map<string, FetchResponseFetchableTopicResponse>();
  for (const entry of partitions) {
    const data = readPartition(ctx, request, entry, out);
    const news =
      full ||
      data.errorCode !== ErrorCode.NONE ||
      (data.records?.length ?? 0) > 0 ||
      data.highWatermark !== entry.sentHighWatermark ||
      data.logStartOffset !== entry.sentLogStartOffset;
    if (!news) continue;
    let topic = byTopic.get(entry.topicKey);
    if (topic === undefined) {
      topic = { topic: entry.topic, topicId: entry.topicId, partitions: [] };
      byTopic.set(entry.topicKey, topic);
      out.topics.push(topic);
    }
    topic.partitions.push(data);
    out.sent.push({ entry, data });
  }
  return out;
}

function readPartition(
  ctx: RequestContext,
  request: FetchRequest,
  entry: SessionPartition,
  out: Collected,
): FetchResponsePartitionData {
  const data: FetchResponsePartitionData = {
    ...newFetchResponsePartitionData(),
    partitionIndex: entry.partition,
    highWatermark: -1n,
    lastStableOffset: -1n,
    logStartOffset: -1n,
    abortedTransactions: request.isolationLevel === IsolationLevel.READ_COMMITTED ? [] : null,
    records: new Uint8Array(0),
  };
  const fail = (errorCode: number): FetchResponsePartitionData => {
    data.errorCode = errorCode;
    out.hasError = true;
    return data;
  };
  const byId = ctx.apiVersion >= FIRST_TOPIC_ID_VERSION;
  const topic = byId ? ctx.cluster.state.topicsById.get(entry.topicId) : ctx.cluster.state.topic(entry.topic);
  const partition = topic?.partitions[entry.partition];
  if (partition === undefined) {
    return fail(
      topic === undefined && byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    );
  }
  const notLeader = leaderError(ctx.broker, partition, entry.currentLeaderEpoch);
  if (notLeader !== ErrorCode.NONE) {
    if (
      notLeader === ErrorCode.NOT_LEADER_OR_FOLLOWER &&
      ctx.apiVersion >= FIRST_LEADER_HINT_VERSION &&
      partition.leader >= 0
    ) {
      data.currentLeader = currentLeader(partition);
      out.leaders.push(partition.leader);
    }
    return fail(notLeader);
  }
  const { log } = partition;
  data.highWatermark = log.highWatermark;
  data.lastStableOffset = log.highWatermark;
  data.logStartOffset = log.logStartOffset;
  if (entry.fetchOffset < log.logStartOffset || entry.fetchOffset > log.highWatermark) {
    return fail(ErrorCode.OFFSET_OUT_OF_RANGE);
  }
  if (entry.lastFetchedEpoch >= 0 && ctx.apiVersion >= FIRST_LEADER_HINT_VERSION) {
    const end = log.endOffsetFor(entry.lastFetchedEpoch, partition.leaderEpoch);
    if (end !== undefined && (end.epoch !== entry.lastFetchedEpoch || end.endOffset < entry.fetchOffset)) {
      data.divergingEpoch = { epoch: end.epoch, endOffset: end.endOffset };
      return data;
    }
  }
  const room = Math.min(entry.partitionMaxBytes, Math.max(0, request.maxBytes - out.bytes));
  const views = log.read(entry.fetchOffset, room, out.bytes === 0);
  if (views !== null) {
    data.records = ctx.recordSet(views);
    for (const view of views) out.bytes += view.length;
  }
  return data;
}

/** Resolves when `ready()` holds after an append, after `ms`, or when the connection closes. */
function waitForData(ctx: RequestContext, ms: number, ready: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      offAppend();
      offClose();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const offAppend = ctx.cluster.state.onAppend(() => {
      if (ready()) done();
    });
    const offClose = ctx.connection.onClose(done);
  });
}
