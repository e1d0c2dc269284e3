// Leadership checks shared by the partition APIs: is this broker the leader, and does the
// client's leader epoch match (KIP-320)? Plus the KIP-951 hints that point a client to the leader.
import { ErrorCode } from '@lk/api';
import type { FakeBroker, ListenerKind } from './broker.ts';
import type { FakeCluster } from './cluster.ts';
import type { Partition } from './topic.ts';

/** No epoch given by the client: skip the epoch check. */
const NO_EPOCH = -1;

/**
 * The error for serving `partition` on `broker`: NONE, NOT_LEADER_OR_FOLLOWER (another broker leads,
 * or nobody does), or FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH for a client epoch behind or ahead.
 */
export function leaderError(broker: FakeBroker, partition: Partition, currentLeaderEpoch = NO_EPOCH): number {
  if (partition.leader !== broker.nodeId) return ErrorCode.NOT_LEADER_OR_FOLLOWER;
  if (currentLeaderEpoch !== NO_EPOCH) {
    if (currentLeaderEpoch < partition.leaderEpoch) return ErrorCode.FENCED_LEADER_EPOCH;
    if (currentLeaderEpoch > partition.leaderEpoch) return ErrorCode.UNKNOWN_LEADER_EPOCH;
  }
  return ErrorCode.NONE;
}

/** The leader id and epoch a NOT_LEADER_OR_FOLLOWER answer carries (KIP-951). */
export function currentLeader(partition: Partition): { leaderId: number; leaderEpoch: number } {
  return { leaderId: partition.leader, leaderEpoch: partition.leaderEpoch };
}

/** Endpoints of the given brokers on the listener the client used, for the responses' nodeEndpoints. */
export function nodeEndpoints(
  cluster: FakeCluster,
  nodeIds: Iterable<number>,
  listener: ListenerKind,
): { nodeId: number; host: string; port: number; rack: string | null }[] {
  const out = [];
  for (const nodeId of new Set(nodeIds)) {
    const broker = cluster.brokers[nodeId];
    if (broker === undefined || !broker.running) continue;
    out.push({ nodeId, host: broker.host, port: broker.port(listener), rack: broker.rack });
  }
  return out;
}

/** NOT_COORDINATOR unless `broker` coordinates `groupId`; INVALID_GROUP_ID for an empty id. */
export function coordinatorError(cluster: FakeCluster, broker: FakeBroker, groupId: string): number {
  if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
  return cluster.coordinatorFor(groupId)?.nodeId === broker.nodeId
    ? ErrorCode.NONE
    : ErrorCode.NOT_COORDINATOR;
}
