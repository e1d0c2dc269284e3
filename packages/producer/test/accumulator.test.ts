import { BATCH_HEADER_SIZE, Batch, recordSizeInBatch } from '@lk/batch';
import { gzip } from '@lk/compress-gzip';
import { describe, expect, it } from 'vitest';
import { Accumulator } from '../src/accumulator.ts';
import { BatchBuffers } from '../src/batch-buffers.ts';
import { PendingBatch } from '../src/pending-batch.ts';
import { type RecordMetadata, SendCall } from '../src/send-call.ts';

const record = { key: null, value: new Uint8Array(1000), headers: [], timestamp: 1_700_000_000_000 };
const size = recordSizeInBatch(record);

describe('Accumulator', () => {
  it('fills a batch up to batchSize bytes, then starts the next', () => {
    const accumulator = new Accumulator(16_384, false);
    const queue = accumulator.queue('t', 0);
    const call = new SendCall(40, 'many');
    for (let i = 0; i < 40; i++) {
      const { batch, bytes } = accumulator.batchFor(queue, record, size, 0);
      batch.add(record, bytes, size, call, i);
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

  it('counts each record exactly as built, offset and timestamp deltas included', () => {
    // 1,000 records of 900 B over 3 s: offset deltas from 64 on and timestamp deltas take more
    // varint bytes than a first record's; the batch must still be exactly as large as counted.
    const accumulator = new Accumulator(1_048_576, false);
    const queue = accumulator.queue('t', 0);
    const call = new SendCall(1000, 'many');
    for (let i = 0; i < 1000; i++) {
      const late = { ...record, value: new Uint8Array(900), timestamp: record.timestamp + i * 3 };
      const { batch, bytes } = accumulator.batchFor(queue, late, recordSizeInBatch(late), 0);
      batch.add(late, bytes, recordSizeInBatch(late), call, i);
    }
    for (const batch of queue.queued) {
      expect(batch.marshal(null, null).length).toBe(batch.bytes);
      expect(batch.bytes).toBeLessThanOrEqual(1_048_576);
    }
    expect(queue.queued.length).toBe(1);
  });

  it('gives a record larger than batchSize a batch of its own', () => {
    const accumulator = new Accumulator(500, false);
    const queue = accumulator.queue('t', 0);
    const call = new SendCall(2, 'many');
    for (let i = 0; i < 2; i++)
      accumulator.batchFor(queue, record, size, 0).batch.add(record, size, size, call, i);
    expect(queue.queued.map((b) => b.records.length)).toEqual([1, 1]);
  });

  it('fits more records once it learned how well the topic compresses', () => {
    const accumulator = new Accumulator(16_384, true);
    for (let i = 0; i < 200; i++) accumulator.observe('t', 16_000, 4_000);
    const queue = accumulator.queue('t', 0);
    const call = new SendCall(100, 'many');
    for (let i = 0; i < 100; i++)
      accumulator.batchFor(queue, record, size, 0).batch.add(record, size, size, call, i);
    // About 16 KiB / (1 KiB × 0.25 × 1.05): 60 records per batch.
    expect(queue.queued[0]!.records.length).toBeGreaterThan(55);
    expect(queue.queued[0]!.records.length).toBeLessThan(65);
  });

  it('reports queued batches per partition for the sticky partitioner', () => {
    const accumulator = new Accumulator(100, false);
    const call = new SendCall(3, 'many');
    for (let i = 0; i < 3; i++) {
      const queue = accumulator.queue('t', 2);
      accumulator.batchFor(queue, record, size, 0).batch.add(record, size, size, call, i);
    }
    expect(accumulator.queueSizes('t', 4)).toEqual([0, 0, 3, 0]);
  });
});

describe('PendingBatch and SendCall', () => {
  it('settles each record of each call with its offset, in call order', async () => {
    const accumulator = new Accumulator(16_384, false);
    const queue = accumulator.queue('t', 1);
    const many = new SendCall(2, 'many');
    const one = new SendCall(1, 'one');
    const { batch } = accumulator.batchFor(queue, record, size, 0);
    batch.add(record, size, size, many, 0);
    batch.add({ ...record, timestamp: 5 }, size, size, one, 0);
    batch.add(record, size, size, many, 1);
    batch.settle(null, 100n, -1);
    expect(await many.promise).toEqual([
      { topic: 't', partition: 1, offset: 100n, timestamp: record.timestamp },
      { topic: 't', partition: 1, offset: 102n, timestamp: record.timestamp },
    ]);
    expect(await one.promise).toEqual({ topic: 't', partition: 1, offset: 101n, timestamp: 5 });
  });

  it('a counting call (sendAll) settles with its count across batches; records beside it keep their offsets', async () => {
    const accumulator = new Accumulator(16_384, false);
    const queue = accumulator.queue('t', 0);
    const counting = new SendCall(5, 'count');
    const one = new SendCall(1, 'one');
    const first = accumulator.batchFor(queue, record, size, 0).batch;
    for (const i of [0, 1]) first.add(record, size, size, counting, i);
    first.add(record, size, size, one, 0);
    first.add(record, size, size, counting, 2);
    const second = new PendingBatch('t', 0, 0);
    for (const i of [3, 4]) second.add(record, size, size, counting, i);
    let settled = false;
    void counting.promise.then(() => (settled = true));
    first.settle(null, 40n, -1);
    expect(await one.promise).toEqual({ topic: 't', partition: 0, offset: 42n, timestamp: record.timestamp });
    await Promise.resolve();
    expect(settled).toBe(false);
    second.settle(null, 44n, -1);
    expect(await counting.promise).toBe(5);
    expect(await new SendCall(0, 'count').promise).toBe(0);
    const failing = new SendCall(2, 'count');
    const third = new PendingBatch('t', 0, 0);
    for (const i of [0, 1]) third.add(record, size, size, failing, i);
    third.settle(new Error('refused'), -1n, -1);
    await expect(failing.promise).rejects.toThrow('refused');
  });

  it('fails a call once all of its records settled, with the first failure', async () => {
    const call = new SendCall(3, 'many');
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
    const { batch } = accumulator.batchFor(accumulator.queue('t', 0), record, size, 0);
    batch.add(record, size, size, new SendCall(1, 'one'), 0);
    const first = batch.marshal(null, { producerId: 5n, producerEpoch: 0, baseSequence: 7 });
    expect(batch.marshal(null, batch.stamp)).toBe(first);
    const again = Batch.unmarshal(batch.marshal(null, { producerId: 5n, producerEpoch: 1, baseSequence: 0 }));
    expect([again.producerEpoch, again.baseSequence, again.recordsCount]).toEqual([1, 0, 1]);
    expect(again.records).toEqual(Batch.unmarshal(first).records);
  });

  it('builds into pooled memory, reused only once handed back; a compressed batch gives it back at once', () => {
    const buffers = new BatchBuffers(1 << 20, 16_384);
    const pending = (fill: number) => {
      const batch = new PendingBatch('t', 0, 0);
      const r = { ...record, value: new Uint8Array(1000).fill(fill) };
      batch.add(r, batch.sizeOf(r), recordSizeInBatch(r), new SendCall(1, 'one'), 0);
      return batch;
    };
    const first = pending(1);
    const frame = first.marshal(null, null, buffers);
    const held = frame.slice();
    // Not handed back yet: the next batch gets other memory, the first one's bytes stay.
    const second = pending(2);
    expect(second.marshal(null, null, buffers).buffer).not.toBe(frame.buffer);
    expect(frame).toEqual(held);
    first.releaseOutput(buffers);
    const third = pending(3);
    const reused = third.marshal(null, null, buffers);
    expect(reused.buffer).toBe(frame.buffer);
    expect(Batch.unmarshal(reused).cursor().next()).toBe(true);
    expect(Batch.unmarshal(reused).records).toEqual(Batch.unmarshal(pending(3).marshal(null, null)).records);
    // Compressed: the plain build's memory is free as soon as the codec copied it out.
    third.releaseOutput(buffers);
    const compressed = pending(4);
    compressed.marshal(gzip(), null, buffers);
    const next = pending(5);
    expect(next.marshal(null, null, buffers).buffer).toBe(frame.buffer);
  });

  it('keeps spare batch memory within its byte bound, and not a buffer an oversized record grew', () => {
    const buffers = new BatchBuffers(3000, 2000);
    const grown = (size: number) => {
      const buffer = buffers.take();
      buffer.reserve(size);
      return buffer;
    };
    const [a, b, c] = [grown(1200), grown(1200), grown(1200)];
    buffers.give(a);
    buffers.give(b);
    // A third 1200-byte buffer would take the spare memory past 3000 bytes: left to the collector.
    buffers.give(c);
    expect(buffers.spare).toBe(2400);
    // Grown past a batch's size by one large record: not kept.
    buffers.give(grown(5000));
    expect(buffers.spare).toBe(1200);
    buffers.take();
    expect(buffers.spare).toBe(0);
  });

  it('splits a batch in two halves in order, sharing its sequence range, and settles once both did', async () => {
    const accumulator = new Accumulator(1_048_576, false);
    const { batch } = accumulator.batchFor(accumulator.queue('t', 0), record, size, 0);
    const call = new SendCall(5, 'many');
    const values = [300, 300, 300, 300, 600].map((n, i) => ({ ...record, value: new Uint8Array(n).fill(i) }));
    for (const [i, r] of values.entries()) batch.add(r, batch.sizeOf(r), recordSizeInBatch(r), call, i);
    const stamp = { producerId: 5n, producerEpoch: 2, baseSequence: 2 ** 31 - 2 };
    batch.marshal(null, stamp);
    batch.attempts = 1;
    batch.drainOrder = 7;
    const memory = batch.memory;
    let whole = false;
    void batch.whenSettled().then(() => (whole = true));
    const [first, second] = batch.split();
    // The first part takes records while it stays within half the bytes.
    expect([first.records.length, second.records.length]).toEqual([2, 3]);
    expect([first.stamp?.baseSequence, second.stamp?.baseSequence]).toEqual([2 ** 31 - 2, 0]);
    expect([first.drainOrder, second.drainOrder, first.attempts, first.createdAt]).toEqual([7, 7, 1, 0]);
    expect(first.memory + second.memory).toBe(memory);
    for (const part of [first, second]) {
      const built = Batch.unmarshal(part.marshal(null, part.stamp));
      expect(built.marshal().length).toBe(part.bytes);
      expect([built.producerEpoch, built.recordsCount]).toEqual([2, part.records.length]);
    }
    expect(batch.recordCount).toBe(0);
    first.settle(null, 10n, -1);
    await Promise.resolve();
    expect(whole).toBe(false);
    second.settle(null, 12n, -1);
    const offsets = ((await call.promise) as RecordMetadata[]).map((m) => m.offset);
    expect(offsets).toEqual([10n, 11n, 12n, 13n, 14n]);
    await batch.whenSettled();
    expect(whole).toBe(true);
  });

  it('does not split a single record or a batch the user built', () => {
    const accumulator = new Accumulator(16_384, false);
    const { batch } = accumulator.batchFor(accumulator.queue('t', 0), record, size, 0);
    batch.add(record, size, size, new SendCall(1, 'one'), 0);
    expect(batch.splittable).toBe(false);
    const built = Batch.unmarshal(batch.marshal(null, null));
    expect(PendingBatch.of('t', 0, built, 0, false, () => {}).splittable).toBe(false);
  });
});
