// Per-partition admin calls go to each partition's leader; a leader that answers "not me" (a
// partition just created, an election) is asked again after a metadata refresh, as the Java admin
// client does, and a partition that does not exist fails at once. Against @lk/fake's fault hooks.
import { ApiKey, ErrorCode } from '@lk/api';
import { FakeCluster } from '@lk/fake';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Admin } from '../src/index.ts';

let cluster: FakeCluster;
let admin: Admin;

beforeAll(async () => {
  cluster = await FakeCluster.start({ brokers: 2, topics: { events: { partitions: 4 } } });
  admin = new Admin({ bootstrap: cluster.bootstrap, requestTimeoutMs: 5_000 });
});

afterAll(async () => {
  admin.close();
  await cluster.close();
});

describe('partition leaders that answer NOT_LEADER_OR_FOLLOWER', () => {
  it('are asked again until they answer, and every partition gets its offset', async () => {
    const refused = cluster.onRequest(
      (r) => (r.apiKey === ApiKey.ListOffsets ? { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER } : undefined),
      { times: 2 },
    );
    const reset = await admin.resetGroupOffsets('retry-group', ['events'], 'latest');
    expect(refused.fired).toBe(2);
    expect(reset.map((r) => [r.partition, r.offset, r.error])).toEqual([
      [0, 0n, null],
      [1, 0n, null],
      [2, 0n, null],
      [3, 0n, null],
    ]);
  });

  it('give up with the last error once the retry time is spent', async () => {
    const refused = cluster.onRequest((r) =>
      r.apiKey === ApiKey.ListOffsets ? { errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER } : undefined,
    );
    const started = performance.now();
    try {
      const reset = await admin.resetGroupOffsets(
        'retry-group',
        [{ topic: 'events', partition: 1 }],
        'earliest',
      );
      expect(reset.map((r) => r.error?.errorName)).toEqual(['NOT_LEADER_OR_FOLLOWER']);
    } finally {
      refused.remove();
    }
    // The pool's requestTimeoutMs (5 s here) bounds the retries; more than one attempt was made.
    expect(performance.now() - started).toBeLessThan(8_000);
    expect(refused.fired).toBeGreaterThan(1);
  });

  it('a partition the topic does not have fails at once, without retries', async () => {
    const started = performance.now();
    const reset = await admin.resetGroupOffsets('retry-group', [{ topic: 'events', partition: 9 }], 'latest');
    expect(reset.map((r) => r.error?.errorName)).toEqual(['UNKNOWN_TOPIC_OR_PARTITION']);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
