// KIP-320 on the shared broker: fetch and ListOffsets carry the leader epoch from Metadata, so a
// broker refuses an epoch it has not reached (the fenced, older case is in the failover test).

import { ErrorCode } from '@lk/api';
import { describe, expect, inject, it } from 'vitest';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import { OffsetTimestamp } from '../src/partition-client.ts';
import { PartitionFetcher } from '../src/partition-fetcher.ts';
import { uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');

describe('leader epochs (KIP-320)', () => {
  it('sends the epoch Metadata gave: one the broker has not reached is refused until looked up again', async () => {
    const topic = uniqueTopic('epoch');
    await new BootstrapClient(kafka.bootstrap).createTopic(topic, { numPartitions: 1 });
    const fetcher = new PartitionFetcher({ bootstrap: kafka.bootstrap, topic, partition: 0, maxWaitMs: 10 });
    expect((await fetcher.fetch()).errorCode).toBe(ErrorCode.NONE);
    const leader = fetcher.client.leader!;
    expect(leader.leaderEpoch).toBeGreaterThanOrEqual(0);

    fetcher.client.leader = { ...leader, leaderEpoch: leader.leaderEpoch + 5 };
    const ahead = await fetcher.fetch();
    expect(ahead.errorCode).toBe(ErrorCode.UNKNOWN_LEADER_EPOCH);
    expect(ahead.error?.retriable).toBe(true);
    expect((await fetcher.client.listOffsets(OffsetTimestamp.latest)).errorCode).toBe(
      ErrorCode.UNKNOWN_LEADER_EPOCH,
    );

    // The real epoch again (as a fresh lookup would give): answered.
    fetcher.client.leader = leader;
    expect((await fetcher.fetch()).errorCode).toBe(ErrorCode.NONE);
    fetcher.close();
  });
});
