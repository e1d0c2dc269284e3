// Shared helpers of the broker tests.
import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { ListOffsets, ListOffsetsTimestamp } from '@lk/api';
import { BootstrapClient } from '../src/bootstrap-client.ts';

/** A topic name no other test uses. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Resolves the error a promise rejects with, or fails. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error) => error,
  );
}

/** A loopback TCP port that nothing listens on (bound by the OS, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A loopback port that accepts connections and never sends a byte (a TLS handshake or dial that
 * hangs); its sockets are destroyed by close().
 */
export async function silentListener(): Promise<{
  address: { host: string; port: number };
  close(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: { host: '127.0.0.1', port },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The brokers the tests should see: the harness's nodes, or for a cluster named by LK_BOOTSTRAP
 * (whose nodes the harness does not know) the ones its Metadata lists on the plaintext listener.
 */
export async function expectedBrokers(kafka: {
  bootstrap: string;
  nodes: readonly { id: number; ports: { plaintext: number } }[];
}): Promise<{ nodeId: number; port: number }[]> {
  if (kafka.nodes.length > 0) return kafka.nodes.map((n) => ({ nodeId: n.id, port: n.ports.plaintext }));
  const { brokers } = await new BootstrapClient(kafka.bootstrap).metadata(null);
  return brokers.map((b: { nodeId: number; port: number }) => ({ nodeId: b.nodeId, port: b.port }));
}

/** ListOffsets for the latest offset of one partition (what the routing tests send). */
export function latestOffsetRequest(topic: string, partition: number) {
  return {
    ...ListOffsets.newRequest(),
    replicaId: -1,
    topics: [
      {
        name: topic,
        partitions: [
          { partitionIndex: partition, currentLeaderEpoch: -1, timestamp: ListOffsetsTimestamp.LATEST },
        ],
      },
    ],
  };
}
