import type { OffsetToCommit } from '@lk/client';
import { partitionKey, type TopicPartition } from './topic-partition.ts';

interface Entry {
  topic: string;
  partition: number;
  /** The offset after the last record the user finished with, and its batch's leader epoch. */
  processed: bigint | null;
  processedEpoch: number;
  /** What the group holds for the partition, as far as this consumer knows. */
  committed: bigint | null;
}

/**
 * What the consumer has processed and committed, per partition: the source of every commit
 * (auto, manual, before revocation). A commit carries the offset after the last processed record
 * (Kafka's convention: the next record to read) with its leader epoch (KIP-320) and metadata.
 */
export class OffsetLedger {
  private readonly entries = new Map<string, Entry>();

  /** Starts tracking a partition; `committed` is the group's offset when it had one. */
  track(tp: TopicPartition, committed: bigint | null): void {
    this.entries.set(partitionKey(tp.topic, tp.partition), {
      topic: tp.topic,
      partition: tp.partition,
      processed: null,
      processedEpoch: -1,
      committed,
    });
  }

  /** Stops tracking a partition (revoked or lost); its offsets are forgotten. */
  untrack(tp: TopicPartition): void {
    this.entries.delete(partitionKey(tp.topic, tp.partition));
  }

  /** Whether the partition is tracked. */
  has(tp: TopicPartition): boolean {
    return this.entries.has(partitionKey(tp.topic, tp.partition));
  }

  /** The user is done with records up to `nextOffset` (exclusive) of a batch of `leaderEpoch`. */
  processed(tp: TopicPartition, nextOffset: bigint, leaderEpoch: number): void {
    const entry = this.entries.get(partitionKey(tp.topic, tp.partition));
    if (entry === undefined) return;
    if (entry.processed === null || nextOffset > entry.processed) {
      entry.processed = nextOffset;
      entry.processedEpoch = leaderEpoch;
    }
  }

  /** The offsets processed but not committed yet, of `partitions` (default all). */
  uncommitted(partitions?: readonly TopicPartition[], metadata: string | null = null): OffsetToCommit[] {
    const entries =
      partitions === undefined
        ? [...this.entries.values()]
        : partitions.flatMap((tp) => this.entries.get(partitionKey(tp.topic, tp.partition)) ?? []);
    return entries
      .filter((e) => e.processed !== null && e.processed !== e.committed)
      .map((e) => ({
        topic: e.topic,
        partition: e.partition,
        offset: e.processed!,
        leaderEpoch: e.processedEpoch,
        metadata,
      }));
  }

  /** Records that these offsets are committed now. */
  committed(offsets: readonly { topic: string; partition: number; offset: bigint }[]): void {
    for (const o of offsets) {
      const entry = this.entries.get(partitionKey(o.topic, o.partition));
      if (entry !== undefined && (entry.committed === null || o.offset > entry.committed))
        entry.committed = o.offset;
    }
  }

  /** The last committed offset this consumer knows of, or null. */
  committedOffset(tp: TopicPartition): bigint | null {
    return this.entries.get(partitionKey(tp.topic, tp.partition))?.committed ?? null;
  }
}
