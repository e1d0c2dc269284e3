import { BATCH_HEADER_SIZE, Batch, recordSizeInBatch } from '@lk/batch';
import { describe, expect, it } from 'vitest';
import { Accumulator } from '../src/accumulator.ts';
import { SendCall } from '../src/send-call.ts';

const record = { key: null, value: new Uint8Array(1000), headers: [], timestamp: 1_700_000_000_000 };
const size = recordSizeInBatch(record);

describe('Accumulator', () => {
  it('fills a batch up to batchSize bytes, then starts the next', () => {
    const accumulator = new Accumulator(16_384, false);
    const queue = accumulator.queue('t', 0);
    const call = new SendCall(40, true);
    for (let i = 0; i < 40; i++) {
      const { batch } = accumulator.batchFor(queue, size, 0);
      batch.add(record, size, call, i);
    }
    const counts = queue.queued.map((b) => b.records.length);
    const perBatch = Math.floor((16_384 - BATCH_HEADER_SIZE) / size);
    expect(counts).toEqual([perBatch, perBatch, 40 - 2 * perBatch]);
    expect(queue.queued.slice(0, 2).every((b) => b.closed)).toBe(true);
    // The batch as built is as large as counted.
    const first = queue.queued[0]!;
    expect(first.marshal(null, null).length).toBe(first.bytes);
    expect(first.bytes).toBeLessThanOrEqual(16_384);
  });

  it('gives a record larger than batchSize a batch of its own', () => {
    const accumulator = new Accumulator(500, false);
    const queue = accumulator.queue('t', 0);
    const call = new SendCall(2, true);
    for (let i = 0; i < 2; i++) accumulator.batchFor(queue, size, 0).batch.add(record, size, call, i);
    expect(queue.queued.map((b) => b.records.length)).toEqual([1, 1]);
  });

  it('fits more records once it learned how well the topic compresses', () => {
    const accumulator = new Accumulator(16_384, true);
    for (let i = 0; i < 200; i++) accumulator.observe('t', 16_000, 4_000);
    const queue = accumulator.queue('t', 0);
    const call = new SendCall(100, true);
    for (let i = 0; i < 100; i++) accumulator.batchFor(queue, size, 0).batch.add(record, size, call, i);
    // About 16 KiB / (1 KiB × 0.25 × 1.05): 60 records per batch.
    expect(queue.queued[0]!.records.length).toBeGreaterThan(55);
    expect(queue.queued[0]!.records.length).toBeLessThan(65);
  });

  it('reports queued batches per partition for the sticky partitioner', () => {
    const accumulator = new Accumulator(100, false);
    const call = new SendCall(3, true);
    for (let i = 0; i < 3; i++) {
      const queue = accumulator.queue('t', 2);
      accumulator.batchFor(queue, size, 0).batch.add(record, size, call, i);
    }
    expect(accumulator.queueSizes('t', 4)).toEqual([0, 0, 3, 0]);
  });
});

describe('PendingBatch and SendCall', () => {
  it('settles each record of each call with its offset, in call order', async () => {
    const accumulator = new Accumulator(16_384, false);
    const queue = accumulator.queue('t', 1);
    const many = new SendCall(2, true);
    const one = new SendCall(1, false);
    const { batch } = accumulator.batchFor(queue, size, 0);
    batch.add(record, size, many, 0);
    batch.add({ ...record, timestamp: 5 }, size, one, 0);
    batch.add(record, size, many, 1);
    batch.settle(null, 100n, -1);
    expect(await many.promise).toEqual([
      { topic: 't', partition: 1, offset: 100n, timestamp: record.timestamp },
      { topic: 't', partition: 1, offset: 102n, timestamp: record.timestamp },
    ]);
    expect(await one.promise).toEqual({ topic: 't', partition: 1, offset: 101n, timestamp: 5 });
  });

  it('fails a call once all of its records settled, with the first failure', async () => {
    const call = new SendCall(3, true);
    let settled = false;
    call.promise.catch(() => {}).finally(() => (settled = true));
    call.succeeded(0, { topic: 't', partition: 0, offset: 0n, timestamp: 0 });
    call.failed(new Error('first'));
    await Promise.resolve();
    expect(settled).toBe(false);
    call.failed(new Error('second'));
    await expect(call.promise).rejects.toThrow('first');
  });

  it('restamps a built batch for a new epoch, keeping its records', () => {
    const accumulator = new Accumulator(16_384, false);
    const { batch } = accumulator.batchFor(accumulator.queue('t', 0), size, 0);
    batch.add(record, size, new SendCall(1, false), 0);
    const first = batch.marshal(null, { producerId: 5n, producerEpoch: 0, baseSequence: 7 });
    expect(batch.marshal(null, batch.stamp)).toBe(first);
    const again = Batch.unmarshal(batch.marshal(null, { producerId: 5n, producerEpoch: 1, baseSequence: 0 }));
    expect([again.producerEpoch, again.baseSequence, again.recordsCount]).toEqual([1, 0, 1]);
    expect(again.records).toEqual(Batch.unmarshal(first).records);
  });
});
