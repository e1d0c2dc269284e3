import type { Batch } from './batch.ts';
import { isAbortMarker } from './control.ts';

/** An entry of a Fetch response's AbortedTransactions list. */
export interface AbortedTransaction {
  producerId: bigint;
  firstOffset: bigint;
}

/**
 * Decides which batches a read_committed consumer drops, as Java's CompletedFetch does
 * (RECORD_FORMAT §6). Feed it one partition's batches in offset order; it is stateful.
 *
 * @example
 * ```ts
 * const filter = new ReadCommittedFilter(partition.abortedTransactions ?? []);
 * for (const batch of batches) if (!filter.skips(batch)) deliver(batch.readRecords());
 * ```
 */
export class ReadCommittedFilter {
  private readonly pending: AbortedTransaction[];
  private next = 0;
  private readonly aborted = new Set<bigint>();

  constructor(abortedTransactions: readonly AbortedTransaction[]) {
    this.pending = [...abortedTransactions].sort((a, b) =>
      a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0,
    );
  }

  /**
   * True when none of the batch's records may be delivered: a control batch (it is consumed, and
   * an ABORT marker ends its transaction here), or transactional data of an aborted transaction.
   */
  skips(batch: Batch): boolean {
    if (batch.producerId < 0n) return batch.isControl;
    const lastOffset = batch.lastOffset;
    while (this.next < this.pending.length && this.pending[this.next]!.firstOffset <= lastOffset) {
      this.aborted.add(this.pending[this.next++]!.producerId);
    }
    if (batch.isControl) {
      if (isAbortMarker(batch)) this.aborted.delete(batch.producerId);
      return true;
    }
    return batch.isTransactional && this.aborted.has(batch.producerId);
  }
}
