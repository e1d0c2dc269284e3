import type { Fetch, Produce } from '@lk/api';
import type { ResponseOf } from './connection.ts';
import type { LeaderHint } from './metadata-cache.ts';

/** The leader hints of a response and the endpoints of the leaders they name (KIP-951). */
export interface LeaderHints {
  hints: LeaderHint[];
  endpoints: { nodeId: number; host: string; port: number; rack: string | null }[];
}

/**
 * The `currentLeader` hints of a Produce response (v10+; older versions carry none). Topics named
 * by id (v13+) are named through `nameOf` (e.g. the metadata cache's `topicById`); unknown ids are
 * skipped.
 */
export function produceLeaderHints(
  response: ResponseOf<typeof Produce>,
  nameOf: (topicId: string) => string | undefined,
): LeaderHints {
  const hints: LeaderHint[] = [];
  for (const t of response.responses) {
    const topic = t.name !== '' ? t.name : nameOf(t.topicId);
    if (topic === undefined) continue;
    for (const p of t.partitionResponses) {
      if (p.currentLeader.leaderId >= 0)
        hints.push({ topic, partition: p.index, ...leaderOf(p.currentLeader) });
    }
  }
  return { hints, endpoints: response.nodeEndpoints };
}

/** The `currentLeader` hints of a Fetch response (v12+), as {@link produceLeaderHints}. */
export function fetchLeaderHints(
  response: ResponseOf<typeof Fetch>,
  nameOf: (topicId: string) => string | undefined,
): LeaderHints {
  const hints: LeaderHint[] = [];
  for (const t of response.responses) {
    const topic = t.topic !== '' ? t.topic : nameOf(t.topicId);
    if (topic === undefined) continue;
    for (const p of t.partitions) {
      if (p.currentLeader.leaderId >= 0) {
        hints.push({ topic, partition: p.partitionIndex, ...leaderOf(p.currentLeader) });
      }
    }
  }
  return { hints, endpoints: response.nodeEndpoints };
}

function leaderOf(current: { leaderId: number; leaderEpoch: number }) {
  return { leaderId: current.leaderId, leaderEpoch: current.leaderEpoch };
}
