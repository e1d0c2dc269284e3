import { encodeRequestFrame, Produce } from '@lk/api';
import { describe, expect, it } from 'vitest';
import { PendingBatch } from '../src/pending-batch.ts';
import { produceRequest, produceRequestSize, SHARE_BATCHES_FROM } from '../src/produce-request.ts';
import { SendCall } from '../src/send-call.ts';

/** A built batch of `count` records of `valueSize` bytes for `topic`/`partition`. */
function batchOf(topic: string, partition: number, count: number, valueSize: number): PendingBatch {
  const batch = new PendingBatch(topic, partition, 0);
  const call = new SendCall(count, 'many');
  for (let i = 0; i < count; i++) {
    const record = { key: null, value: new Uint8Array(valueSize), headers: [], timestamp: 1_700_000_000_000 };
    batch.add(record, batch.sizeOf(record), 0, call, i);
  }
  return batch;
}

describe('produceRequestSize', () => {
  it('is at or a little above the bytes the request frame copies (large batches are shared), every version', () => {
    const batches = [
      batchOf('events', 0, 100, 1000),
      batchOf('events', 3, 1, 10),
      batchOf('a-much-longer-topic-name-ü', 1, 30, 100),
    ];
    const frames = batches.map((b) => b.marshal(null, null));
    const hint = produceRequestSize(batches, frames);
    // The first batch (~100 KiB) goes to the socket as it is; the others are copied into the frame.
    const shared = frames.filter((f) => f.length >= SHARE_BATCHES_FROM).reduce((sum, f) => sum + f.length, 0);
    expect(shared).toBe(frames[0]!.length);
    for (let version = Produce.minVersion; version <= Produce.maxVersion; version++) {
      const request = produceRequest(batches, frames, -1, 30_000, () => 'AAAAAAAAAAAAAAAAAAAAAA');
      const copied = encodeRequestFrame(Produce, version, 1, 'lk-producer', request).length - shared;
      expect(hint, `v${version}`).toBeGreaterThanOrEqual(copied);
      expect(hint - copied, `v${version}`).toBeLessThan(512);
    }
  });
});
