// One sensible request per API and version against a real broker, with the checks its answer must
// pass. Shared by the integration tests (every advertised version on 4.3.1, the Go original's
// pinned versions on 3.9.2) and by scripts/capture-fixtures.ts.
import assert from 'node:assert/strict';
import { Writer, ZERO_UUID } from '@lk/wire';
import {
  ApiVersions,
  ConsumerProtocolAssignment,
  ConsumerProtocolSubscription,
  CreateTopics,
  DeleteTopics,
  ErrorCode,
  errorCodes,
  Fetch,
  FindCoordinator,
  Heartbeat,
  JoinGroup,
  ListOffsets,
  ListOffsetsTimestamp,
  Metadata,
  OffsetCommit,
  OffsetFetch,
  Produce,
  type ProduceResponse,
  SyncGroup,
} from '../../src/index.ts';
import type { BrokerConnection, Exchange } from './broker-connection.ts';
import { recordBatch } from './record-batch.ts';

/** What the scenarios learn from the broker and share: the topic, its id, offsets, the group member. */
export interface ScenarioState {
  readonly topic: string;
  topicId: string;
  /** Records produced so far: the next base offset. */
  produced: number;
  /** The first batch produced, to find again in Fetch answers. */
  firstBatch: Uint8Array | null;
  groupId: string;
  memberId: string;
  generationId: number;
  /** The last committed offset, for OffsetFetch to read back. */
  committed: bigint;
}

export function newState(topic: string): ScenarioState {
  return {
    topic,
    topicId: ZERO_UUID,
    produced: 0,
    firstBatch: null,
    groupId: '',
    memberId: '',
    generationId: -1,
    committed: -1n,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A classic consumer protocol blob: int16 version, then the schema at that version. */
function consumerBlob<T>(schema: { encode(w: Writer, v: T, version: number): void }, value: T): Uint8Array {
  const w = new Writer();
  w.int16(0);
  schema.encode(w, value, 0);
  return w.toBytes();
}

export async function apiVersions(
  conn: BrokerConnection,
  version: number,
): Promise<Exchange<ReturnType<typeof ApiVersions.newResponse>>> {
  const request = ApiVersions.newRequest();
  if (version >= 3) {
    request.clientSoftwareName = 'lk-api-test';
    request.clientSoftwareVersion = '0.1.0';
  }
  const answer = await conn.send(ApiVersions, version, request);
  assert.equal(answer.body.errorCode, ErrorCode.NONE);
  assert.ok(answer.body.apiKeys.some((key) => key.apiKey === Produce.apiKey));
  return answer;
}

export async function createTopic(conn: BrokerConnection, version: number, name: string) {
  const request = CreateTopics.newRequest();
  request.timeoutMs = 30_000;
  request.topics = [{ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }];
  const answer = await conn.send(CreateTopics, version, request);
  assert.equal(answer.body.topics[0]?.name, name);
  assert.equal(
    answer.body.topics[0]?.errorCode,
    ErrorCode.NONE,
    `CreateTopics v${version}: ${answer.body.topics[0]?.errorMessage}`,
  );
  return answer;
}

function metadataRequest(version: number, topic: string) {
  const request = Metadata.newRequest();
  request.topics = [{ topicId: ZERO_UUID, name: topic }];
  if (version >= 4) request.allowAutoTopicCreation = false;
  return request;
}

/** Waits until the topic has a leader, and learns its id (with Metadata v12, or an older `version`). */
export async function waitForLeader(
  conn: BrokerConnection,
  state: ScenarioState,
  version = 12,
): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { body } = await conn.send(Metadata, version, metadataRequest(version, state.topic));
    const topic = body.topics[0];
    if (topic?.errorCode === ErrorCode.NONE && (topic.partitions[0]?.leaderId ?? -1) >= 0) {
      state.topicId = topic.topicId;
      return;
    }
    await sleep(100);
  }
  throw new Error(`topic ${state.topic} has no leader`);
}

export async function metadata(conn: BrokerConnection, version: number, state: ScenarioState) {
  const answer = await conn.send(Metadata, version, metadataRequest(version, state.topic));
  const topic = answer.body.topics[0];
  assert.equal(topic?.errorCode, ErrorCode.NONE);
  assert.equal(topic?.name, state.topic);
  assert.equal(topic?.partitions.length, 1);
  assert.ok(answer.body.brokers.length >= 1);
  if (version >= 10) assert.equal(topic?.topicId, state.topicId);
  return answer;
}

export async function produce(conn: BrokerConnection, version: number, state: ScenarioState) {
  const batch = recordBatch([`v${version}-a`, `v${version}-b`]);
  state.firstBatch ??= batch;
  const request = Produce.newRequest();
  request.acks = -1;
  request.timeoutMs = 30_000;
  request.topicData = [
    {
      name: version <= 12 ? state.topic : '',
      topicId: version >= 13 ? state.topicId : ZERO_UUID,
      partitionData: [{ index: 0, records: batch }],
    },
  ];
  // A new topic's leader shows in Metadata a moment before the replica accepts writes: retry
  // the retriable answers (NOT_LEADER_OR_FOLLOWER and friends) as a client would.
  let answer = await conn.send(Produce, version, request);
  for (let attempt = 0; attempt < 50 && isRetriable(firstPartitionError(answer.body)); attempt++) {
    await sleep(100);
    answer = await conn.send(Produce, version, request);
  }
  const partition = answer.body.responses[0]?.partitionResponses[0];
  assert.equal(partition?.errorCode, ErrorCode.NONE, `Produce v${version}: ${partition?.errorMessage}`);
  assert.equal(partition?.baseOffset, BigInt(state.produced), 'base offsets advance by the records produced');
  state.produced += 2;
  return answer;
}

function firstPartitionError(body: ProduceResponse): number {
  return body.responses[0]?.partitionResponses[0]?.errorCode ?? ErrorCode.NONE;
}

function isRetriable(errorCode: number): boolean {
  return errorCodes.get(errorCode)?.retriable ?? false;
}

export async function fetch(conn: BrokerConnection, version: number, state: ScenarioState) {
  const request = Fetch.newRequest();
  request.maxWaitMs = 100;
  request.minBytes = 1;
  request.topics = [
    {
      topic: version <= 12 ? state.topic : '',
      topicId: version >= 13 ? state.topicId : ZERO_UUID,
      partitions: [{ ...fetchPartition(), partitionMaxBytes: 1 << 20 }],
    },
  ];
  const answer = await conn.send(Fetch, version, request);
  const partition = answer.body.responses[0]?.partitions[0];
  assert.equal(answer.body.errorCode, ErrorCode.NONE);
  assert.equal(partition?.errorCode, ErrorCode.NONE);
  assert.equal(partition?.highWatermark, BigInt(state.produced));
  const records = partition?.records;
  assert.ok(records && records.length > 61, 'Fetch returns the produced batches');
  // The first batch comes back as produced, from its attributes on (the broker sets the base
  // offset and the leader epoch, which the CRC does not cover).
  const first = state.firstBatch!;
  assert.deepEqual(records.subarray(21, first.length), first.subarray(21));
  assert.equal(records[16], 2, 'magic 2');
  return answer;
}

/** A Fetch partition from offset 0 with every other field at its default. */
function fetchPartition() {
  return {
    partition: 0,
    currentLeaderEpoch: -1,
    fetchOffset: 0n,
    lastFetchedEpoch: -1,
    logStartOffset: -1n,
    partitionMaxBytes: 0,
    replicaDirectoryId: ZERO_UUID,
    highWatermark: 9223372036854775807n,
  };
}

export async function listOffsets(conn: BrokerConnection, version: number, state: ScenarioState) {
  const request = ListOffsets.newRequest();
  request.replicaId = -1;
  if (version >= 10) request.timeoutMs = 30_000;
  request.topics = [
    {
      name: state.topic,
      partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: ListOffsetsTimestamp.LATEST }],
    },
  ];
  const answer = await conn.send(ListOffsets, version, request);
  const partition = answer.body.topics[0]?.partitions[0];
  assert.equal(partition?.errorCode, ErrorCode.NONE);
  assert.equal(partition?.offset, BigInt(state.produced), 'latest offset = records produced');
  return answer;
}

export async function findCoordinator(conn: BrokerConnection, version: number, groupId: string) {
  for (let attempt = 0; ; attempt++) {
    const request = FindCoordinator.newRequest();
    if (version <= 3) request.key = groupId;
    else request.coordinatorKeys = [groupId];
    const answer = await conn.send(FindCoordinator, version, request);
    const errorCode = version <= 3 ? answer.body.errorCode : answer.body.coordinators[0]?.errorCode;
    // The group coordinator needs __consumer_offsets, created on first use.
    if (coordinatorStarting(errorCode) && attempt < 100) {
      await sleep(200);
      continue;
    }
    assert.equal(errorCode, ErrorCode.NONE);
    const nodeId = version <= 3 ? answer.body.nodeId : answer.body.coordinators[0]?.nodeId;
    assert.ok((nodeId ?? -1) >= 0);
    return answer;
  }
}

/**
 * The group coordinator is not ready yet: __consumer_offsets is being created, or its partition's
 * leader is still loading it (a fresh 1-node 3.9.2 broker under load answered a JoinGroup right
 * after FindCoordinator with NOT_COORDINATOR).
 */
function coordinatorStarting(errorCode: number | undefined): boolean {
  return (
    errorCode === ErrorCode.COORDINATOR_NOT_AVAILABLE ||
    errorCode === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS ||
    errorCode === ErrorCode.NOT_COORDINATOR
  );
}

/**
 * Joins `groupId` as its only member (so as the leader), retrying once with the assigned member id
 * (v4+), and while the coordinator is starting.
 */
export async function joinGroup(
  conn: BrokerConnection,
  version: number,
  state: ScenarioState,
  groupId: string,
) {
  const request = JoinGroup.newRequest();
  request.groupId = groupId;
  request.sessionTimeoutMs = 30_000;
  if (version >= 1) request.rebalanceTimeoutMs = 30_000;
  request.protocolType = 'consumer';
  const subscription = { ...ConsumerProtocolSubscription.create(), topics: [state.topic] };
  request.protocols = [{ name: 'range', metadata: consumerBlob(ConsumerProtocolSubscription, subscription) }];
  let answer = await conn.send(JoinGroup, version, request);
  for (let attempt = 0; coordinatorStarting(answer.body.errorCode) && attempt < 100; attempt++) {
    await sleep(200);
    answer = await conn.send(JoinGroup, version, request);
  }
  if (answer.body.errorCode === ErrorCode.MEMBER_ID_REQUIRED) {
    request.memberId = answer.body.memberId;
    answer = await conn.send(JoinGroup, version, request);
  }
  assert.equal(answer.body.errorCode, ErrorCode.NONE);
  assert.equal(answer.body.leader, answer.body.memberId);
  assert.equal(answer.body.members.length, 1);
  state.groupId = groupId;
  state.memberId = answer.body.memberId;
  state.generationId = answer.body.generationId;
  return answer;
}

export async function syncGroup(conn: BrokerConnection, version: number, state: ScenarioState) {
  const assignment = consumerBlob(ConsumerProtocolAssignment, {
    ...ConsumerProtocolAssignment.create(),
    assignedPartitions: [{ topic: state.topic, partitions: [0] }],
  });
  const request = SyncGroup.newRequest();
  request.groupId = state.groupId;
  request.generationId = state.generationId;
  request.memberId = state.memberId;
  if (version >= 5) {
    request.protocolType = 'consumer';
    request.protocolName = 'range';
  }
  request.assignments = [{ memberId: state.memberId, assignment }];
  const answer = await conn.send(SyncGroup, version, request);
  assert.equal(answer.body.errorCode, ErrorCode.NONE);
  assert.deepEqual(answer.body.assignment, assignment);
  return answer;
}

export async function heartbeat(conn: BrokerConnection, version: number, state: ScenarioState) {
  const request = Heartbeat.newRequest();
  request.groupId = state.groupId;
  request.generationId = state.generationId;
  request.memberId = state.memberId;
  const answer = await conn.send(Heartbeat, version, request);
  assert.equal(answer.body.errorCode, ErrorCode.NONE);
  return answer;
}

export async function offsetCommit(conn: BrokerConnection, version: number, state: ScenarioState) {
  const offset = BigInt(version + 1);
  const request = OffsetCommit.newRequest();
  request.groupId = state.groupId;
  request.generationIdOrMemberEpoch = state.generationId;
  request.memberId = state.memberId;
  request.topics = [
    {
      name: version <= 9 ? state.topic : '',
      topicId: version >= 10 ? state.topicId : ZERO_UUID,
      partitions: [
        { partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: 'lk' },
      ],
    },
  ];
  const answer = await conn.send(OffsetCommit, version, request);
  assert.equal(answer.body.topics[0]?.partitions[0]?.errorCode, ErrorCode.NONE);
  state.committed = offset;
  return answer;
}

export async function offsetFetch(conn: BrokerConnection, version: number, state: ScenarioState) {
  const request = OffsetFetch.newRequest();
  if (version <= 7) {
    request.groupId = state.groupId;
    request.topics = [{ name: state.topic, partitionIndexes: [0] }];
  } else {
    const topic = {
      name: version <= 9 ? state.topic : '',
      topicId: version >= 10 ? state.topicId : ZERO_UUID,
      partitionIndexes: [0],
    };
    request.groups = [{ groupId: state.groupId, memberId: null, memberEpoch: -1, topics: [topic] }];
  }
  const answer = await conn.send(OffsetFetch, version, request);
  const partition =
    version <= 7 ? answer.body.topics[0]?.partitions[0] : answer.body.groups[0]?.topics[0]?.partitions[0];
  assert.equal(partition?.errorCode, ErrorCode.NONE);
  assert.equal(partition?.committedOffset, state.committed);
  return answer;
}

export async function deleteTopic(conn: BrokerConnection, version: number, name: string) {
  const request = DeleteTopics.newRequest();
  request.timeoutMs = 30_000;
  if (version <= 5) request.topicNames = [name];
  else request.topics = [{ name, topicId: ZERO_UUID }];
  const answer = await conn.send(DeleteTopics, version, request);
  assert.equal(answer.body.responses[0]?.errorCode, ErrorCode.NONE);
  assert.equal(answer.body.responses[0]?.name, name);
  return answer;
}
