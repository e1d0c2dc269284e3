import { Batch } from './batch.ts';
import { CompressionType } from './codec.ts';
import { findDecompressor } from './decompressors.ts';
import { readLegacyEntry } from './legacy/read.ts';
import { ReadCommittedFilter } from './read-committed.ts';
import type { ReadRecordSetOptions } from './read-record-set.ts';
import type { BatchRecord } from './read-records.ts';
import { entryMagic, splitRecordSet } from './record-set.ts';
import { RecordSetCursor } from './record-set-cursor.ts';

/**
 * A Fetch partition's `records`, checked batch by batch and its records left in place: split
 * (a truncated tail dropped), every CRC verified, compressed batches decompressed, control
 * batches and (given `abortedTransactions`) aborted transactional data removed, legacy v0/v1
 * entries decoded. The records themselves are only walked by a {@link cursor} (nothing allocated
 * per record) or materialised by {@link records}; both skip records below `fetchOffset`.
 *
 * Every cursor and {@link records} call reads the batches anew: the set keeps views of `data`
 * (and of the decompressed copies), so `data` must stay unchanged while the set is in use.
 *
 * @example
 * ```ts
 * const set = DecodedRecordSet.decode(partition.records, { fetchOffset, decompressors: [gzip()] });
 * for (const cursor = set.cursor(); cursor.next(); ) out.write(cursor.value() ?? empty);
 * fetchOffset = set.nextOffset ?? fetchOffset;
 * ```
 */
export class DecodedRecordSet {
  /**
   * The data batches (uncompressed), and each legacy entry's records, in offset order: what a
   * cursor walks.
   */
  readonly parts: readonly (Batch | readonly BatchRecord[])[];
  /**
   * Where the next fetch starts: past the last complete batch (from its header's lastOffsetDelta,
   * RECORD_FORMAT §8.4), or undefined when no complete batch arrived (fetch again, perhaps larger).
   */
  readonly nextOffset: bigint | undefined;
  /** Records below this offset are skipped (the fetch position: a batch may start before it). */
  readonly fetchOffset: bigint | undefined;

  constructor(
    parts: readonly (Batch | readonly BatchRecord[])[],
    nextOffset: bigint | undefined,
    fetchOffset?: bigint,
  ) {
    this.parts = parts;
    this.nextOffset = nextOffset;
    this.fetchOffset = fetchOffset;
  }

  /** Checks and decompresses every batch of `data`; throws {@link CorruptBatchError} as {@link Batch.unmarshal}. */
  static decode(data: Uint8Array, options: ReadRecordSetOptions = {}): DecodedRecordSet {
    const { fetchOffset, decompressors = [], verifyCrc = true } = options;
    const decompressOptions = { maxOutputSize: options.maxDecompressedSize };
    const filter = options.abortedTransactions && new ReadCommittedFilter(options.abortedTransactions);
    const parts: (Batch | BatchRecord[])[] = [];
    let nextOffset: bigint | undefined;
    for (const entry of splitRecordSet(data)) {
      if (entryMagic(entry) !== 2) {
        const legacy = readLegacyEntry(entry, options);
        const kept =
          fetchOffset === undefined ? legacy : legacy.filter((record) => record.offset >= fetchOffset);
        if (kept.length > 0) parts.push(kept);
        const last = legacy[legacy.length - 1];
        if (last !== undefined && (nextOffset === undefined || last.offset >= nextOffset))
          nextOffset = last.offset + 1n;
        continue;
      }
      let batch = Batch.unmarshal(entry, { verifyCrc });
      if (nextOffset === undefined || batch.nextOffset > nextOffset) nextOffset = batch.nextOffset;
      if (batch.compression !== CompressionType.none) {
        batch = batch.decompress(findDecompressor(decompressors, batch.compression), decompressOptions);
      }
      if (filter ? filter.skips(batch) : batch.isControl) continue;
      parts.push(batch);
    }
    return new DecodedRecordSet(parts, nextOffset, fetchOffset);
  }

  /** A fresh cursor over the records, from the first at or after `fetchOffset`. */
  cursor(): RecordSetCursor {
    return new RecordSetCursor(this.parts, this.fetchOffset);
  }

  /** True when a cursor would find a record (walks, without allocating, up to the first one). */
  get hasRecords(): boolean {
    return this.parts.length > 0 && this.cursor().next();
  }

  /** Every record decoded into an object (keys, values and header values are views). */
  records(): BatchRecord[] {
    const records: BatchRecord[] = [];
    for (const cursor = this.cursor(); cursor.next(); ) records.push(cursor.record());
    return records;
  }
}
