// Fake brokers that answer Metadata from a shared, test-controlled picture of the cluster, and hand
// every other request to the test. For unit tests of the pool, the metadata cache and routing.
import type net from 'node:net';
import { apiByKey, decodeRequestFrame, ErrorCode, encodeResponseFrame, Metadata } from '@lk/api';
import { ZERO_UUID } from '@lk/wire';
import { type FakeBroker, type FakeRequest, startFakeBroker } from './fake-broker.ts';

export interface FakePartition {
  leaderId: number;
  leaderEpoch: number;
  errorCode?: number;
}

export interface FakeTopic {
  topicId: string;
  partitions: FakePartition[];
}

export type FakeHandler = (nodeId: number, request: FakeRequest, body: unknown, socket: net.Socket) => void;

export interface FakeCluster {
  nodes: Map<number, FakeBroker>;
  topics: Map<string, FakeTopic>;
  /** Metadata requests seen, with the topics asked for (null: all). */
  metadataRequests: (string[] | null)[];
  /** Holds Metadata answers until `release()` when set. */
  holdMetadata: boolean;
  release(): void;
  bootstrap: string;
  answer<Res>(api: { apiKey: number }, request: FakeRequest, socket: net.Socket, response: Res): void;
  close(): Promise<void>;
}

export async function startFakeCluster(
  nodeIds: number[],
  handler: FakeHandler = () => {},
): Promise<FakeCluster> {
  const held: (() => void)[] = [];
  const cluster: FakeCluster = {
    nodes: new Map(),
    topics: new Map(),
    metadataRequests: [],
    holdMetadata: false,
    release: () => {
      for (const send of held.splice(0)) send();
    },
    bootstrap: '',
    answer: (api, request, socket, response) => {
      const definition = apiByKey(api.apiKey)!;
      socket.write(
        encodeResponseFrame(definition, request.apiVersion, request.correlationId, response as never),
      );
    },
    close: async () => {
      await Promise.all([...cluster.nodes.values()].map((n) => n.close()));
    },
  };
  for (const nodeId of nodeIds) {
    const broker = await startFakeBroker((request, socket) => {
      const api = apiByKey(request.apiKey)!;
      const { body } = decodeRequestFrame(api, request.frame);
      if (request.apiKey !== Metadata.apiKey) {
        handler(nodeId, request, body, socket);
        return;
      }
      const asked = (body as { topics: { name: string | null }[] | null }).topics;
      cluster.metadataRequests.push(asked === null ? null : asked.map((t) => t.name!));
      const send = () => socket.write(metadataAnswer(cluster, request, asked));
      if (cluster.holdMetadata) held.push(send);
      else send();
    });
    cluster.nodes.set(nodeId, broker);
  }
  cluster.bootstrap = [...cluster.nodes.values()].map((b) => `127.0.0.1:${b.port}`).join(',');
  return cluster;
}

function metadataAnswer(
  cluster: FakeCluster,
  request: FakeRequest,
  asked: { name: string | null }[] | null,
): Uint8Array {
  const names = asked === null ? [...cluster.topics.keys()] : asked.map((t) => t.name!);
  return encodeResponseFrame(Metadata, request.apiVersion, request.correlationId, {
    ...Metadata.newResponse(),
    clusterId: 'fake-cluster',
    controllerId: [...cluster.nodes.keys()][0]!,
    brokers: [...cluster.nodes].map(([nodeId, b]) => ({
      nodeId,
      host: '127.0.0.1',
      port: b.port,
      rack: null,
    })),
    topics: names.map((name) => {
      const topic = cluster.topics.get(name);
      return {
        errorCode: topic === undefined ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : 0,
        name,
        topicId: topic?.topicId ?? ZERO_UUID,
        isInternal: false,
        topicAuthorizedOperations: 0,
        partitions: (topic?.partitions ?? []).map((p, partitionIndex) => ({
          errorCode: p.errorCode ?? 0,
          partitionIndex,
          leaderId: p.leaderId,
          leaderEpoch: p.leaderEpoch,
          replicaNodes: [...cluster.nodes.keys()],
          isrNodes: [...cluster.nodes.keys()],
          offlineReplicas: [],
        })),
      };
    }),
  });
}
