import type { Cluster, GroupClient } from '@lk/client';
import type { ResolvedConsumerOptions } from '../options.ts';
import type { TopicPartition } from '../topic-partition.ts';

/**
 * What a group driver asks of the consumer when the assignment changes. Each step is awaited
 * before the driver goes on (acknowledging a revocation, joining again).
 */
export interface RebalanceHandler {
  /** Start consuming these (committed offsets looked up first). */
  assign(partitions: readonly TopicPartition[]): Promise<void>;
  /** Stop consuming these, wait for their batches in progress, commit, call the user. */
  revoke(partitions: readonly TopicPartition[]): Promise<void>;
  /** These are gone (the generation ended): stop, wait, no commit, call the user. */
  lose(partitions: readonly TopicPartition[]): Promise<void>;
  /** The member joins again; `lost` when it lost its partitions first. */
  rejoining(reason: string, lost: boolean, cause: Error | null): void;
  /** The group refused the member for good. */
  failed(error: Error): void;
}

/** Resolves after `ms`, or at once when `signal` fires. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** What a group driver works with. */
export interface DriverContext {
  group: GroupClient;
  cluster: Cluster;
  options: ResolvedConsumerOptions;
  handler: RebalanceHandler;
}
