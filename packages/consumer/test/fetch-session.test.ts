import { describe, expect, it } from 'vitest';
import { type FetchPartitionRequest, FetchSession } from '../src/fetch/fetch-session.ts';
import { ErrorCode } from '../src/kafka-codes.ts';

const part = (partition: number, fetchOffset: bigint): FetchPartitionRequest => ({
  topic: 't',
  topicId: 'id',
  partition,
  fetchOffset,
  currentLeaderEpoch: 1,
  lastFetchedEpoch: 1,
  maxBytes: 1024,
});

describe('FetchSession (KIP-227)', () => {
  it('starts full, then sends only changed partitions and forgets removed ones', () => {
    const session = new FetchSession();
    const first = session.next([part(0, 0n), part(1, 0n)]);
    expect(first).toMatchObject({ sessionId: 0, sessionEpoch: 0, full: true });
    expect(first.partitions).toHaveLength(2);
    session.answered(ErrorCode.NONE, 77);
    // Partition 0 got records (its offset moved); 1 did not; 2 is new.
    const second = session.next([part(0, 10n), part(1, 0n), part(2, 0n)]);
    expect(second).toMatchObject({ sessionId: 77, sessionEpoch: 1, full: false, forgotten: [] });
    expect(second.partitions.map((p) => p.partition)).toEqual([0, 2]);
    session.answered(ErrorCode.NONE, 77);
    const third = session.next([part(0, 10n), part(2, 0n)]);
    expect(third).toMatchObject({
      sessionEpoch: 2,
      partitions: [],
      forgotten: [{ topic: 't', topicId: 'id', partition: 1 }],
    });
  });

  it('goes back to full requests after a session error, a failed request, or no session id', () => {
    const session = new FetchSession();
    session.next([part(0, 0n)]);
    session.answered(ErrorCode.NONE, 5);
    session.next([part(0, 1n)]);
    session.answered(ErrorCode.INVALID_FETCH_SESSION_EPOCH, 0);
    expect(session.next([part(0, 1n)])).toMatchObject({ sessionId: 0, sessionEpoch: 0, full: true });
    session.answered(ErrorCode.NONE, 6);
    session.next([part(0, 2n)]);
    session.reset();
    expect(session.next([part(0, 2n)]).full).toBe(true);
    // A broker out of session slots answers with id 0: every request stays full.
    session.answered(ErrorCode.NONE, 0);
    expect(session.next([part(0, 3n)])).toMatchObject({ sessionId: 0, sessionEpoch: 0, full: true });
  });
});
