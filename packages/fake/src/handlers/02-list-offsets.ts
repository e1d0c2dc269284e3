// ListOffsets (key 2): earliest, latest, max timestamp and first offset at a timestamp, from the
// leader, with its leader epoch (KIP-320).

import {
  ErrorCode,
  ListOffsets,
  type ListOffsetsRequest,
  type ListOffsetsResponse,
  type ListOffsetsResponseListOffsetsPartitionResponse,
  ListOffsetsTimestamp,
} from '@lk/api';
import { Batch, CompressionType } from '@lk/batch';
import type { PartitionLog } from '../log.ts';
import { leaderError } from '../routing.ts';
import type { Partition } from '../topic.ts';
import { defineHandler, type RequestContext } from './handler.ts';

const FIRST_LEADER_EPOCH_VERSION = 4;

export default defineHandler({
  api: ListOffsets,
  minVersion: 1,
  maxVersion: 11,
  handle(ctx, request) {
    return {
      ...ListOffsets.newResponse(),
      topics: request.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => {
          const found = lookUp(ctx, ctx.cluster.state.partition(t.name, p.partitionIndex), p);
          // The leader epoch is in the response from v4 (KIP-320).
          return ctx.apiVersion >= FIRST_LEADER_EPOCH_VERSION ? found : { ...found, leaderEpoch: -1 };
        }),
      })),
    };
  },
  fail: failAll,
});

function failAll(request: ListOffsetsRequest, errorCode: number): ListOffsetsResponse {
  return {
    ...ListOffsets.newResponse(),
    topics: request.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ ...result(p.partitionIndex), errorCode })),
    })),
  };
}

function result(partitionIndex: number): ListOffsetsResponseListOffsetsPartitionResponse {
  return { partitionIndex, errorCode: ErrorCode.NONE, timestamp: -1n, offset: -1n, leaderEpoch: -1 };
}

function lookUp(
  ctx: RequestContext,
  partition: Partition | undefined,
  request: { partitionIndex: number; currentLeaderEpoch: number; timestamp: bigint },
): ListOffsetsResponseListOffsetsPartitionResponse {
  const out = result(request.partitionIndex);
  if (partition === undefined) return { ...out, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
  const refused = leaderError(ctx.broker, partition, request.currentLeaderEpoch);
  if (refused !== ErrorCode.NONE) return { ...out, errorCode: refused };
  const { log } = partition;
  const epochAt = (offset: bigint): number =>
    log.batches[log.indexAt(offset)]?.leaderEpoch ?? partition.leaderEpoch;
  switch (request.timestamp) {
    case ListOffsetsTimestamp.LATEST:
      return { ...out, offset: log.highWatermark, leaderEpoch: partition.leaderEpoch };
    case ListOffsetsTimestamp.EARLIEST:
    case ListOffsetsTimestamp.EARLIEST_LOCAL:
      return { ...out, offset: log.logStartOffset, leaderEpoch: epochAt(log.logStartOffset) };
    case ListOffsetsTimestamp.MAX: {
      const batch = log.maxTimestampBatch();
      if (batch === undefined) return out;
      const at = firstAtOrAfter(log, batch.maxTimestamp);
      return {
        ...out,
        timestamp: BigInt(batch.maxTimestamp),
        offset: at?.offset ?? batch.baseOffset,
        leaderEpoch: batch.leaderEpoch,
      };
    }
    default: {
      if (request.timestamp < 0n) return out; // tiered-storage lookups: no remote log here
      const at = firstAtOrAfter(log, Number(request.timestamp));
      if (at === undefined) return out;
      return { ...out, timestamp: BigInt(at.timestamp), offset: at.offset, leaderEpoch: at.leaderEpoch };
    }
  }
}

/** The first record with a timestamp >= `timestamp`; in compressed batches, the batch's first offset. */
function firstAtOrAfter(
  log: PartitionLog,
  timestamp: number,
): { offset: bigint; timestamp: number; leaderEpoch: number } | undefined {
  const stored = log.firstAtOrAfter(timestamp);
  if (stored === undefined) return undefined;
  const batch = Batch.unmarshal(stored.bytes, { verifyCrc: false });
  if (batch.compression === CompressionType.none) {
    for (const record of batch.readRecords()) {
      if (record.timestamp >= timestamp) {
        return { offset: record.offset, timestamp: record.timestamp, leaderEpoch: stored.leaderEpoch };
      }
    }
  }
  return { offset: stored.baseOffset, timestamp: stored.maxTimestamp, leaderEpoch: stored.leaderEpoch };
}
