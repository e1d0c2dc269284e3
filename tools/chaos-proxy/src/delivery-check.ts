// The oracle of produce fault tests (as Kafka's validate_delivery): what the producer was told,
// against what the partition holds when read back.

import { ProduceError } from '@lk/client';

/** How one produce call ended, for the records it carried (identified by unique ids). */
export type ProduceOutcome = 'acked' | 'NOT_PERSISTED' | 'POSSIBLY_PERSISTED' | 'PERSISTED';

/** Counts of a read-back against the ledger. */
export interface DeliveryReport {
  sent: number;
  acked: number;
  /** Acked (or PERSISTED) records missing from the log: must be 0 with acks 1 and -1. */
  lost: number;
  /** Records in the log more than once: must be 0 for an idempotent producer. */
  duplicated: number;
  /** Records read back after a record sent later (per partition): must be 0. */
  reordered: number;
  /** NOT_PERSISTED records found in the log: must be 0. */
  phantom: number;
  /** Records found that were never sent. */
  unknown: number;
  /** POSSIBLY_PERSISTED records found / not found (either is allowed). */
  possiblyFound: number;
  possiblyMissing: number;
}

/** A report with what the read-back alone tells; the per-outcome counts start at 0. */
export function startReport(sent: number, reordered: number, unknown: number): DeliveryReport {
  return {
    sent,
    acked: 0,
    lost: 0,
    duplicated: 0,
    reordered,
    phantom: 0,
    unknown,
    possiblyFound: 0,
    possiblyMissing: 0,
  };
}

/**
 * Records ids in send order with the outcome the producer reported, then checks a read-back.
 *
 * @example
 * ```ts
 * const ledger = new DeliveryLedger();
 * try { await producer.produceStrings(ids); ledger.record(ids, 'acked'); }
 * catch (e) { ledger.record(ids, (e as ProduceError).outcome); }
 * const report = ledger.check(valuesReadBack);
 * expect([report.lost, report.duplicated, report.reordered]).toEqual([0, 0, 0]);
 * ```
 */
export class DeliveryLedger {
  private readonly order = new Map<string, number>();
  private readonly outcomes = new Map<string, ProduceOutcome>();

  record(ids: readonly string[], outcome: ProduceOutcome): void {
    for (const id of ids) {
      if (!this.order.has(id)) this.order.set(id, this.order.size);
      this.outcomes.set(id, outcome);
    }
  }

  /**
   * Runs one produce call for `ids` and records how it ended: true when acked, false for a
   * {@link ProduceError}'s outcome (anything else is thrown on).
   */
  async produce(ids: readonly string[], send: () => Promise<unknown>): Promise<boolean> {
    try {
      await send();
      this.record(ids, 'acked');
      return true;
    } catch (error) {
      if (!(error instanceof ProduceError)) throw error;
      this.record(ids, error.outcome);
      return false;
    }
  }

  get size(): number {
    return this.order.size;
  }

  /** The ids acked (or PERSISTED) that `readBack` lacks, in send order. */
  lostIds(readBack: readonly string[]): string[] {
    const present = new Set(readBack);
    return [...this.order.keys()].filter((id) => {
      const outcome = this.outcomes.get(id);
      return (outcome === 'acked' || outcome === 'PERSISTED') && !present.has(id);
    });
  }

  /** Checks the partition's records (their ids, in offset order) against what was recorded. */
  check(readBack: readonly string[]): DeliveryReport {
    const seen = new Map<string, number>();
    let reordered = 0;
    let unknown = 0;
    let highest = -1;
    for (const id of readBack) {
      const position = this.order.get(id);
      seen.set(id, (seen.get(id) ?? 0) + 1);
      if (position === undefined) {
        unknown++;
        continue;
      }
      if (seen.get(id) === 1) {
        if (position < highest) reordered++;
        highest = Math.max(highest, position);
      }
    }
    const report = startReport(this.order.size, reordered, unknown);
    for (const [id, outcome] of this.outcomes) {
      const count = seen.get(id) ?? 0;
      if (count > 1) report.duplicated += count - 1;
      if (outcome === 'acked') report.acked++;
      if ((outcome === 'acked' || outcome === 'PERSISTED') && count === 0) report.lost++;
      if (outcome === 'NOT_PERSISTED' && count > 0) report.phantom++;
      if (outcome === 'POSSIBLY_PERSISTED') {
        if (count > 0) report.possiblyFound++;
        else report.possiblyMissing++;
      }
    }
    return report;
  }
}
