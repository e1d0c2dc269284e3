// One partition's log: the batches as producers sent them, stamped with their offsets, kept where
// they arrived (a large batch) or laid end to end in segments (small ones), so that a Fetch answer
// is views of stored bytes, not a copy.

/** A stored batch: its bytes (base offset and leader epoch already stamped) and what lookups need. */
export interface StoredBatch {
  readonly baseOffset: bigint;
  /** baseOffset + lastOffsetDelta. */
  readonly lastOffset: bigint;
  readonly leaderEpoch: number;
  /** The batch's maxTimestamp (ms), for ListOffsets by timestamp. */
  readonly maxTimestamp: number;
  /** Emptied when retention drops the batch, so that its memory goes at once. */
  bytes: Uint8Array;
}

const DROPPED = new Uint8Array(0);
/** Segments start small (a partition with little data holds little memory) and double up to this. */
const FIRST_SEGMENT_BYTES = 16 * 1024;
const MAX_SEGMENT_BYTES = 16 * 1024 * 1024;
/**
 * A batch handed over (see store) is kept as a view when its buffer holds at most this share more
 * than the batch (a request frame's header, topic and partition fields), so that retention's byte
 * count stays close to the memory held; a small batch inside a larger chunk is copied instead.
 */
const KEEP_VIEW_SLACK = 1 / 16;

/** Where an epoch's first batch landed (the leader epoch cache OffsetForLeaderEpoch answers from). */
interface EpochStart {
  epoch: number;
  startOffset: bigint;
}

/**
 * The batches of one partition in offset order, with Kafka's offsets: the log start offset (first
 * offset still held), the high watermark (next offset to be written: every replica is in sync), and
 * the leader epoch cache. Retention by bytes drops whole batches from the front.
 */
export class PartitionLog {
  readonly batches: StoredBatch[] = [];
  logStartOffset = 0n;
  highWatermark = 0n;
  /** Bytes held by `batches`. */
  size = 0;
  readonly #epochs: EpochStart[] = [];
  /** Index of the first live batch: dropping from the front is a pointer move, compacted now and then. */
  #first = 0;
  /** The segment appended to, and how much of it is used. A segment's memory goes with its last batch. */
  #segment: Uint8Array = DROPPED;
  #segmentUsed = 0;

  /**
   * The bytes to keep for a batch, to be stamped and appended. With `handedOver`, the caller gives
   * up `entry`'s memory (a request frame nobody writes to again): when the batch is most of its
   * buffer, that memory is kept as it is and the batch is not copied (a produce of large batches
   * then writes each byte once, as it arrives). Otherwise the batch is copied to the end of the
   * current segment (a new one when it does not fit).
   */
  store(entry: Uint8Array, handedOver = false): Uint8Array {
    if (handedOver && entry.buffer.byteLength - entry.length <= entry.length * KEEP_VIEW_SLACK) return entry;
    if (this.#segment.length - this.#segmentUsed < entry.length) {
      const size = Math.max(
        entry.length,
        Math.min(MAX_SEGMENT_BYTES, Math.max(FIRST_SEGMENT_BYTES, this.#segment.length * 2)),
      );
      this.#segment = Buffer.allocUnsafeSlow(size); // only written bytes are ever handed out
      this.#segmentUsed = 0;
    }
    const stored = this.#segment.subarray(this.#segmentUsed, this.#segmentUsed + entry.length);
    stored.set(entry);
    this.#segmentUsed += entry.length;
    return stored;
  }

  /** Appends one batch already stamped with `baseOffset = highWatermark`. */
  append(batch: StoredBatch): void {
    this.batches.push(batch);
    this.size += batch.bytes.length;
    this.highWatermark = batch.lastOffset + 1n;
    const last = this.#epochs[this.#epochs.length - 1];
    if (last === undefined || batch.leaderEpoch > last.epoch) {
      this.#epochs.push({ epoch: batch.leaderEpoch, startOffset: batch.baseOffset });
    }
  }

  /** Live batches (those at or after the log start offset). */
  get live(): readonly StoredBatch[] {
    return this.#first === 0 ? this.batches : this.batches.slice(this.#first);
  }

  /** Drops the oldest batches until at most `maxBytes` are held, always keeping the newest one. */
  retain(maxBytes: number): void {
    if (maxBytes < 0) return;
    while (this.size > maxBytes && this.batches.length - this.#first > 1) {
      const dropped = this.batches[this.#first]!;
      this.size -= dropped.bytes.length;
      dropped.bytes = DROPPED;
      this.#first++;
      this.logStartOffset = this.batches[this.#first]!.baseOffset;
    }
    if (this.#first > 1024 && this.#first * 2 > this.batches.length) {
      this.batches.splice(0, this.#first);
      this.#first = 0;
    }
  }

  /** Moves the log start offset forward (DeleteRecords semantics), dropping batches wholly below it. */
  deleteBefore(offset: bigint): void {
    const target = offset > this.highWatermark ? this.highWatermark : offset;
    if (target <= this.logStartOffset) return;
    while (this.#first < this.batches.length && this.batches[this.#first]!.lastOffset < target) {
      const dropped = this.batches[this.#first]!;
      this.size -= dropped.bytes.length;
      dropped.bytes = DROPPED;
      this.#first++;
    }
    this.logStartOffset = target;
  }

  /** Index (into `batches`) of the first live batch whose last offset is >= `offset`, or batches.length. */
  indexAt(offset: bigint): number {
    let lo = this.#first;
    let hi = this.batches.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.batches[mid]!.lastOffset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The record set of the batches from `offset` on, up to `maxBytes` in total but always the first
   * one if `alwaysOne` (KIP-74: a batch larger than the limit is still returned so that the consumer
   * can make progress), as views of the stored bytes in order (batches adjacent in memory are one
   * view): to be written one after another, never joined by a copy. Null when there is none.
   */
  read(offset: bigint, maxBytes: number, alwaysOne: boolean): Uint8Array[] | null {
    const runs: Uint8Array[] = [];
    let total = 0;
    let run: Uint8Array | null = null;
    for (let i = this.indexAt(offset); i < this.batches.length; i++) {
      const batch = this.batches[i]!.bytes;
      if (total + batch.length > maxBytes && !(alwaysOne && total === 0)) break;
      if (run !== null && run.buffer === batch.buffer && run.byteOffset + run.length === batch.byteOffset) {
        run = new Uint8Array(run.buffer, run.byteOffset, run.length + batch.length);
      } else {
        if (run !== null) runs.push(run);
        run = batch;
      }
      total += batch.length;
    }
    if (run === null) return null;
    runs.push(run);
    return runs;
  }

  /** Bytes available from `offset` to the end, counting at most up to `limit`. */
  bytesFrom(offset: bigint, limit: number): number {
    let bytes = 0;
    for (let i = this.indexAt(offset); i < this.batches.length && bytes < limit; i++) {
      bytes += this.batches[i]!.bytes.length;
    }
    return bytes;
  }

  /** The first live batch whose maxTimestamp is >= `timestamp`. */
  firstAtOrAfter(timestamp: number): StoredBatch | undefined {
    for (let i = this.#first; i < this.batches.length; i++) {
      const batch = this.batches[i]!;
      if (batch.maxTimestamp >= timestamp) return batch;
    }
    return undefined;
  }

  /** The live batch with the largest maxTimestamp (the first of equals), for ListOffsets MAX_TIMESTAMP. */
  maxTimestampBatch(): StoredBatch | undefined {
    let best: StoredBatch | undefined;
    for (let i = this.#first; i < this.batches.length; i++) {
      const batch = this.batches[i]!;
      if (best === undefined || batch.maxTimestamp > best.maxTimestamp) best = batch;
    }
    return best;
  }

  /**
   * OffsetForLeaderEpoch: the largest epoch <= `epoch` the log knows and the offset where the next
   * epoch starts (the high watermark for the latest epoch); undefined when `epoch` predates the log.
   */
  endOffsetFor(epoch: number, currentEpoch: number): { epoch: number; endOffset: bigint } | undefined {
    if (epoch === currentEpoch) return { epoch, endOffset: this.highWatermark };
    let found: EpochStart | undefined;
    let next: EpochStart | undefined;
    for (const entry of this.#epochs) {
      if (entry.epoch <= epoch) found = entry;
      else {
        next = entry;
        break;
      }
    }
    if (found === undefined) return undefined;
    return { epoch: found.epoch, endOffset: next?.startOffset ?? this.highWatermark };
  }
}
