import { performance } from 'node:perf_hooks';
import { ErrorCode, Metadata } from '@lk/api';
import type { BrokerAddress } from './address.ts';
import type { ResponseOf } from './connection.ts';
import { delay } from './delay.ts';
import { TimeoutError } from './errors.ts';
import { metadataRequest } from './metadata-request.ts';
import { openConnection } from './open-connection.ts';
import type { ResolvedConnectionOptions } from './options.ts';

type MetadataResponse = ResponseOf<typeof Metadata>;

/** Default of `waitTimeoutMs` in `createTopics`. */
export const DEFAULT_TOPIC_WAIT_MS = 30_000;

/**
 * Waits until every broker's metadata lists each of `topics` with a leader for every partition.
 * CreateTopics returns once the controller accepted the topics; each broker learns them a little
 * later, and until then Metadata there may lack them or their leaders (a producer started at once
 * would fail). `metadata` asks any broker (for the broker list); each listed broker is then asked
 * itself. Throws `LK_TIMEOUT_METADATA` after `timeoutMs`.
 */
export async function waitForTopicLeaders(
  topics: readonly string[],
  metadata: (topics: readonly string[]) => Promise<MetadataResponse>,
  options: ResolvedConnectionOptions,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  if (topics.length === 0) return;
  const deadline = performance.now() + timeoutMs;
  for (let pauseMs = 20; ; pauseMs = Math.min(pauseMs * 2, 500)) {
    const first = await metadata(topics);
    if (haveLeaders(first, topics) && (await everyBrokerAgrees(first.brokers, topics, options, signal)))
      return;
    if (performance.now() + pauseMs > deadline) {
      throw new TimeoutError(
        'LK_TIMEOUT_METADATA',
        `topics ${topics.join(', ')} have no leader on every broker after ${timeoutMs} ms`,
        timeoutMs,
      );
    }
    await delay(pauseMs, signal);
  }
}

async function everyBrokerAgrees(
  brokers: readonly BrokerAddress[],
  topics: readonly string[],
  options: ResolvedConnectionOptions,
  signal?: AbortSignal,
): Promise<boolean> {
  for (const address of brokers) {
    const connection = await openConnection({ host: address.host, port: address.port }, options, signal);
    try {
      if (!haveLeaders(await connection.call(Metadata, metadataRequest(topics), { signal }), topics))
        return false;
    } finally {
      connection.close();
    }
  }
  return true;
}

function haveLeaders(response: MetadataResponse, topics: readonly string[]): boolean {
  return topics.every((name) => {
    const topic = response.topics.find((t: { name: string | null }) => t.name === name);
    return (
      topic !== undefined &&
      topic.errorCode === ErrorCode.NONE &&
      topic.partitions.length > 0 &&
      topic.partitions.every(
        (p: { leaderId: number; errorCode: number }) => p.leaderId >= 0 && p.errorCode === ErrorCode.NONE,
      )
    );
  });
}
