import type { Fetch, Produce } from '@lk/api';
import type { ResponseOf } from './connection.ts';
import type { LeaderHint } from './metadata-cache.ts';

/** The leader hints of a response and the endpoints of the leaders they name (KIP-951). */
export interface LeaderHints {
  hints: LeaderHint[];
  endpoints: { nodeId: number; host: string; port: number; rack: string | null }[];
}

interface HintedPartition {
  partition: number;
  currentLeader: { leaderId: number; leaderEpoch: number };
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
  const topics = response.responses.map((t) => ({
    topic: t.name !== '' ? t.name : nameOf(t.topicId),
    partitions: t.partitionResponses.map((p) => ({ partition: p.index, currentLeader: p.currentLeader })),
  }));
  return { hints: hintsOf(topics), endpoints: response.nodeEndpoints };
}

/** The `currentLeader` hints of a Fetch response (v12+), as {@link produceLeaderHints}. */
export function fetchLeaderHints(
  response: ResponseOf<typeof Fetch>,
  nameOf: (topicId: string) => string | undefined,
): LeaderHints {
  const topics = response.responses.map((t) => ({
    topic: t.topic !== '' ? t.topic : nameOf(t.topicId),
    partitions: t.partitions.map((p) => ({ partition: p.partitionIndex, currentLeader: p.currentLeader })),
  }));
  return { hints: hintsOf(topics), endpoints: response.nodeEndpoints };
}

/** The partitions whose `currentLeader` names a leader (-1: none given). */
function hintsOf(topics: { topic: string | undefined; partitions: HintedPartition[] }[]): LeaderHint[] {
  const hints: LeaderHint[] = [];
  for (const { topic, partitions } of topics) {
    if (topic === undefined) continue;
    for (const { partition, currentLeader } of partitions) {
      if (currentLeader.leaderId < 0) continue;
      hints.push({
        topic,
        partition,
        leaderId: currentLeader.leaderId,
        leaderEpoch: currentLeader.leaderEpoch,
      });
    }
  }
  return hints;
}
