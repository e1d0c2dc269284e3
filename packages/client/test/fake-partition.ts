// A fake broker that leads one partition: it answers Metadata naming itself the leader of
// `topic`/0 and hands every other request to the test (Fetch, Produce, ...).
import type net from 'node:net';
import { ErrorCode, encodeResponseFrame, Fetch, Metadata } from '@lk/api';
import { type FakeBroker, type FakeRequest, startFakeBroker } from './fake-broker.ts';

export const FAKE_TOPIC = 'fake-topic';
const FAKE_TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAoQ';
const NODE_ID = 1;

/** Starts the broker; `handler` sees every request but ApiVersions and Metadata. */
export async function startFakePartitionLeader(
  handler: (request: FakeRequest, socket: net.Socket) => void,
): Promise<FakeBroker> {
  const broker: FakeBroker = await startFakeBroker((request, socket) => {
    if (request.apiKey !== Metadata.apiKey) return handler(request, socket);
    socket.write(
      encodeResponseFrame(Metadata, request.apiVersion, request.correlationId, {
        ...Metadata.newResponse(),
        brokers: [{ nodeId: NODE_ID, host: '127.0.0.1', port: broker.port, rack: null }],
        clusterId: 'fake',
        controllerId: NODE_ID,
        topics: [
          {
            errorCode: ErrorCode.NONE,
            name: FAKE_TOPIC,
            topicId: FAKE_TOPIC_ID,
            isInternal: false,
            topicAuthorizedOperations: Metadata.newResponse().clusterAuthorizedOperations,
            partitions: [
              {
                errorCode: ErrorCode.NONE,
                partitionIndex: 0,
                leaderId: NODE_ID,
                leaderEpoch: 0,
                replicaNodes: [NODE_ID],
                isrNodes: [NODE_ID],
                offlineReplicas: [],
              },
            ],
          },
        ],
      }),
    );
  });
  return broker;
}

/** A Fetch answer for the fake partition whose record set is `records`. */
export function fetchAnswer(request: FakeRequest, records: Uint8Array): Uint8Array {
  return encodeResponseFrame(Fetch, request.apiVersion, request.correlationId, {
    ...Fetch.newResponse(),
    responses: [
      {
        topic: FAKE_TOPIC,
        topicId: FAKE_TOPIC_ID,
        partitions: [
          {
            partitionIndex: 0,
            errorCode: ErrorCode.NONE,
            highWatermark: 100n,
            lastStableOffset: 100n,
            logStartOffset: 0n,
            abortedTransactions: [],
            preferredReadReplica: -1,
            records,
            // The spec's defaults ("unknown") of the v12+ fields.
            divergingEpoch: { epoch: -1, endOffset: -1n },
            currentLeader: { leaderId: -1, leaderEpoch: -1 },
            snapshotId: { endOffset: -1n, epoch: -1 },
          },
        ],
      },
    ],
  });
}
