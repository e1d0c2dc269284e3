import type { Decompressor } from './codec.ts';
import { DecodedRecordSet } from './decoded-record-set.ts';
import type { AbortedTransaction } from './read-committed.ts';
import type { BatchRecord } from './read-records.ts';

/** Options for {@link readRecordSet}. */
export interface ReadRecordSetOptions {
  /** The fetch position: records below it are skipped (a batch may start before it). */
  fetchOffset?: bigint;
  /** Verify every CRC (default true). */
  verifyCrc?: boolean;
  /** Codecs for compressed batches, e.g. `[gzip, zstd]` from `@lk/compress-*`. */
  decompressors?: readonly Decompressor[];
  /** Per-batch limit on decompressed size (default 64 MiB). */
  maxDecompressedSize?: number;
  /** read_committed: the partition's aborted transactions. Omit for read_uncommitted. */
  abortedTransactions?: readonly AbortedTransaction[];
}

/** What one partition's `records` field holds for the application. */
export interface RecordSetContents {
  /** Data records in offset order; control records and (read_committed) aborted data removed. */
  records: BatchRecord[];
  /**
   * Where the next fetch starts: past the last complete batch (from its header's lastOffsetDelta,
   * RECORD_FORMAT §8.4), or undefined when no complete batch arrived (fetch again, perhaps larger).
   */
  nextOffset: bigint | undefined;
}

/**
 * Decodes a Fetch partition's `records`: splits it (dropping a truncated tail), checks CRCs,
 * decompresses, drops control batches and, given `abortedTransactions`, aborted transactional
 * data, reads legacy v0/v1 entries, and skips records below `fetchOffset`.
 *
 * @example
 * ```ts
 * const { records, nextOffset } = readRecordSet(partition.records, { fetchOffset, decompressors: [gzip] });
 * ```
 */
export function readRecordSet(data: Uint8Array, options: ReadRecordSetOptions = {}): RecordSetContents {
  const set = DecodedRecordSet.decode(data, options);
  return { records: set.records(), nextOffset: set.nextOffset };
}
