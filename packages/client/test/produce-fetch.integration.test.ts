import { ErrorCode } from '@lk/api';
import { type Batch, Builder, type Codec } from '@lk/batch';
import { gzip } from '@lk/compress-gzip';
import { lz4 } from '@lk/compress-lz4';
import { snappy } from '@lk/compress-snappy';
import { zstd } from '@lk/compress-zstd';
import { describe, expect, inject, it } from 'vitest';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import { PartitionFetcher } from '../src/partition-fetcher.ts';
import { PartitionProducer } from '../src/partition-producer.ts';
import { uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const cluster = new BootstrapClient(kafka.bootstrap);
const utf8 = new TextEncoder();
const text = new TextDecoder();
const codecs: readonly Codec[] = [gzip(), snappy(), lz4(), zstd()];

const TOTAL = 100_000;
const PER_BATCH = 2_000;

function buildBatch(first: number, count: number, codec: Codec | null): Batch {
  const builder = new Builder();
  for (let i = first; i < first + count; i++) {
    builder.add({
      key: utf8.encode(`k${i}`),
      value: utf8.encode(`value-${i}-${'x'.repeat(i % 50)}`),
      headers: [
        { key: 'seq', value: utf8.encode(String(i)) },
        { key: 'empty', value: null },
      ],
    });
  }
  const batch = builder.build();
  return codec === null ? batch : batch.compress(codec);
}

async function roundTrip(codec: Codec | null): Promise<void> {
  const topic = uniqueTopic(`pf-${codec?.name ?? 'none'}`);
  await cluster.createTopic(topic, { numPartitions: 1 });
  const producer = new PartitionProducer({ bootstrap: kafka.bootstrap, topic, partition: 0, acks: 1 });
  let expectedOffset = 0n;
  for (let first = 0; first < TOTAL; first += PER_BATCH) {
    const result = await producer.produce(buildBatch(first, PER_BATCH, codec));
    expect(result).toMatchObject({
      topic,
      partition: 0,
      errorCode: ErrorCode.NONE,
      baseOffset: expectedOffset,
    });
    expectedOffset += BigInt(PER_BATCH);
  }
  producer.close();

  const fetcher = new PartitionFetcher({
    bootstrap: kafka.bootstrap,
    topic,
    partition: 0,
    maxBytes: 4 * 1024 * 1024,
    decompressors: codecs,
  });
  let seen = 0;
  const controller = new AbortController();
  let lastNextOffset = -1n;
  for await (const { records, result, nextOffset } of fetcher.records({ signal: controller.signal })) {
    lastNextOffset = nextOffset;
    expect(result.highWatermark).toBeLessThanOrEqual(BigInt(TOTAL));
    for (const record of records) {
      expect(record.offset).toBe(BigInt(seen));
      expect(text.decode(record.key!)).toBe(`k${seen}`);
      expect(text.decode(record.value!)).toBe(`value-${seen}-${'x'.repeat(seen % 50)}`);
      expect(record.headers.map((h) => [h.key, h.value && text.decode(h.value)])).toEqual([
        ['seq', String(seen)],
        ['empty', null],
      ]);
      seen++;
    }
    if (seen === TOTAL) break;
  }
  expect(seen).toBe(TOTAL);
  // Breaking out leaves the offset at the last set's start: the loop had not finished with it.
  expect(lastNextOffset).toBe(BigInt(TOTAL));
  expect(fetcher.offset).toBeLessThan(BigInt(TOTAL));
  fetcher.close();
}

describe('produce and fetch 100,000 records with headers', () => {
  it('uncompressed', () => roundTrip(null));
  it.each(codecs.map((c) => [c.name, c] as const))('compressed with %s', (_name, codec) => roundTrip(codec));
});

describe('acks', () => {
  it.each([0, 1, -1] as const)('acks=%i writes the records', async (acks) => {
    const topic = uniqueTopic(`acks${acks}`);
    await cluster.createTopic(topic, { numPartitions: 1 });
    const producer = new PartitionProducer({ bootstrap: kafka.bootstrap, topic, partition: 0, acks });
    const first = await producer.produceStrings(['a', 'b']);
    const second = await producer.produceStrings(['c']);
    if (acks === 0) {
      expect([first.baseOffset, first.response]).toEqual([-1n, null]);
    } else {
      expect([first.baseOffset, second.baseOffset]).toEqual([0n, 2n]);
      expect(first.broker).toBe(kafka.bootstrap);
    }
    const fetcher = new PartitionFetcher({ bootstrap: kafka.bootstrap, topic, partition: 0, maxWaitMs: 100 });
    const values: string[] = [];
    for (let i = 0; i < 50 && values.length < 3; i++) {
      const result = await fetcher.fetch();
      const { records, nextOffset } = fetcher.read(result);
      values.push(...records.map((r) => text.decode(r.value!)));
      if (nextOffset !== undefined) fetcher.offset = nextOffset;
    }
    expect(values).toEqual(['a', 'b', 'c']);
    producer.close();
    fetcher.close();
  });
});

describe('PartitionFetcher seeking', () => {
  it('seeks to oldest, newest and a timestamp, and never moves the offset itself', async () => {
    const topic = uniqueTopic('seek');
    await cluster.createTopic(topic, { numPartitions: 1 });
    const producer = new PartitionProducer({ bootstrap: kafka.bootstrap, topic, partition: 0 });
    const base = Date.now() - 60_000;
    await producer.produceRecords(
      [0, 1, 2, 3, 4].map((i) => ({ value: utf8.encode(`v${i}`), timestamp: base + i * 1000 })),
    );
    producer.close();

    const fetcher = new PartitionFetcher({
      bootstrap: kafka.bootstrap,
      topic,
      partition: 0,
      offset: 3n,
      maxWaitMs: 50,
    });
    expect(await fetcher.seekToNewest()).toBe(5n);
    expect(fetcher.offset).toBe(5n);
    expect(await fetcher.seekToOldest()).toBe(0n);
    expect(await fetcher.seekToTimestamp(base + 2500)).toBe(3n);
    expect(await fetcher.seekToTimestamp(new Date(base + 2000))).toBe(2n);
    expect(await fetcher.seekToTimestamp(Date.now() + 3_600_000)).toBe(5n);

    fetcher.offset = 3n;
    const result = await fetcher.fetch();
    expect(result).toMatchObject({
      errorCode: ErrorCode.NONE,
      highWatermark: 5n,
      lastStableOffset: 5n,
      logStartOffset: 0n,
      offset: 3n,
    });
    expect(fetcher.offset).toBe(3n);
    expect(fetcher.read(result).records.map((r) => text.decode(r.value!))).toEqual(['v3', 'v4']);
    expect(fetcher.batches(result)).toHaveLength(1);

    fetcher.offset = 99n;
    const outOfRange = await fetcher.fetch();
    expect(outOfRange.error?.errorName).toBe('OFFSET_OUT_OF_RANGE');
    fetcher.close();
  });
});
