import type { TopicPartition } from '../topic-partition.ts';

/** One assigned partition as the fetcher tracks it. */
export class PartitionState implements TopicPartition {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to hand to the user (commits and lag count from it); null until resolved. */
  position: bigint | null = null;
  /** The leader epoch of the last batch handed out, -1 when unknown. */
  positionEpoch = -1;
  /** The next offset to fetch (ahead of `position` by what is buffered). */
  fetchPosition: bigint | null = null;
  /** The leader epoch of the last fetched batch: Fetch's and OffsetForLeaderEpoch's lastFetchedEpoch. */
  lastFetchedEpoch = -1;
  paused = false;
  /** A fetch for it is in flight. */
  inFlight = false;
  /** Its position is being resolved or validated (ListOffsets, OffsetForLeaderEpoch). */
  busy = false;
  /** Fetched bytes not yet handed out. */
  bufferedBytes = 0;
  highWatermark = -1n;
  lastStableOffset = -1n;
  logStartOffset = -1n;
  /** KIP-392: the replica the leader told the consumer to fetch from, -1 for the leader. */
  preferredReplica = -1;
  /** A failure that stops fetching until the user seeks (truncation, no offset). */
  error: Error | null = null;
  /** Bumped by seeks: responses for an older version are dropped. */
  version = 0;
  /** The leader epoch in the metadata when the last fetch was sent. */
  leaderEpoch = -1;

  constructor(topic: string, partition: number) {
    this.topic = topic;
    this.partition = partition;
  }

  /** Moves both positions; what was buffered or in flight for the old one is dropped. */
  seek(offset: bigint, epoch = -1): void {
    this.position = offset;
    this.fetchPosition = offset;
    this.positionEpoch = epoch;
    this.lastFetchedEpoch = epoch;
    this.error = null;
    this.version++;
  }

  /** Records behind the high watermark (read_committed: the last stable offset), or null if unknown. */
  lag(readCommitted: boolean): bigint | null {
    const end = readCommitted ? this.lastStableOffset : this.highWatermark;
    if (this.position === null || end < 0n) return null;
    return end > this.position ? end - this.position : 0n;
  }
}
