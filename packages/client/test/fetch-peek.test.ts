import { ApiKey, type FetchResponse } from '@lk/api';
import { Builder, CorruptBatchError } from '@lk/batch';
import { afterEach, describe, expect, it } from 'vitest';
import { PartitionFetcher } from '../src/partition-fetcher.ts';
import { startFake, type TestFake } from './fake.ts';
import { rejection } from './helpers.ts';

const TOPIC = 't';
let fake: TestFake | null = null;
let fetcher: PartitionFetcher | null = null;

afterEach(async () => {
  fetcher?.close();
  expect(fake?.cluster.serverErrors ?? []).toEqual([]);
  await fake?.cluster.close();
  fake = null;
  fetcher = null;
});

/** A record set of one 26-byte entry whose length field (14) and magic (2) are valid. */
function shortV2Entry(): Uint8Array {
  const entry = new Uint8Array(26);
  const view = new DataView(entry.buffer);
  view.setBigInt64(0, 0n); // baseOffset
  view.setInt32(8, 14); // batchLength: the 14 bytes that follow
  entry[16] = 2; // magic
  return entry;
}

async function firstStep(records: Uint8Array, prefetch: boolean): Promise<Error> {
  fake = await startFake({ topics: { [TOPIC]: { partitions: 1 } } });
  // Fetch answers carry `records` instead of what the (empty) partition holds.
  fake.cluster.onRequest((r) =>
    r.apiKey === ApiKey.Fetch
      ? {
          alter: (response) => {
            for (const p of (response as FetchResponse).responses[0]?.partitions ?? []) p.records = records;
          },
        }
      : undefined,
  );
  fetcher = new PartitionFetcher({ bootstrap: fake.cluster.bootstrap, topic: TOPIC, partition: 0 });
  return rejection(fetcher.records({ prefetch }).next());
}

describe('PartitionFetcher.records() on a v2 entry too short for a batch header', () => {
  // Failed before the fix with prefetch: peekNextOffset read lastOffsetDelta at byte 23 of the
  // 26-byte entry, a RangeError ("Offset is outside the bounds of the DataView").
  it.each([true, false])('throws LK_BATCH_TRUNCATED, as read() does (prefetch %s)', async (prefetch) => {
    const error = await firstStep(shortV2Entry(), prefetch);
    expect(error).toBeInstanceOf(CorruptBatchError);
    expect(error).toMatchObject({ code: 'LK_BATCH_TRUNCATED' });
  });

  it('still reads a valid batch from the same fake', async () => {
    fake = await startFake({ topics: { [TOPIC]: { partitions: 1 } } });
    fake.cluster.append(TOPIC, 0, new Builder().add({ value: new Uint8Array([7]) }).build());
    fetcher = new PartitionFetcher({ bootstrap: fake.cluster.bootstrap, topic: TOPIC, partition: 0 });
    const step = await fetcher.records().next();
    expect(step.value?.records.map((r) => [r.offset, r.value?.[0]])).toEqual([[0n, 7]]);
  });
});
