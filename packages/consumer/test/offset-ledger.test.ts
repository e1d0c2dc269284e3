import { describe, expect, it } from 'vitest';
import { OffsetLedger } from '../src/offset-ledger.ts';

describe('OffsetLedger', () => {
  const tp = { topic: 't', partition: 0 };

  it('commits the offset after the last processed record with its epoch, once', () => {
    const ledger = new OffsetLedger();
    ledger.track(tp, 5n);
    expect(ledger.uncommitted()).toEqual([]);
    ledger.processed(tp, 10n, 3);
    ledger.processed(tp, 8n, 2); // out of order: ignored
    const pending = ledger.uncommitted(undefined, 'm');
    expect(pending).toEqual([{ topic: 't', partition: 0, offset: 10n, leaderEpoch: 3, metadata: 'm' }]);
    ledger.committed(pending);
    expect(ledger.uncommitted()).toEqual([]);
    expect(ledger.committedOffset(tp)).toBe(10n);
  });

  it('limits to the partitions asked for and forgets untracked ones', () => {
    const ledger = new OffsetLedger();
    const other = { topic: 't', partition: 1 };
    ledger.track(tp, null);
    ledger.track(other, null);
    ledger.processed(tp, 1n, 0);
    ledger.processed(other, 2n, 0);
    expect(ledger.uncommitted([other]).map((o) => o.offset)).toEqual([2n]);
    ledger.untrack(other);
    expect(ledger.uncommitted().map((o) => o.partition)).toEqual([0]);
    ledger.processed(other, 3n, 0);
    expect(ledger.has(other)).toBe(false);
  });
});
