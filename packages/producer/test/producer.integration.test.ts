// The producer against the real broker, read back by kcat (librdkafka) and Kafka's Java consumer.
import { Batch, BatchWriter, Builder, type Codec } from '@lk/batch';
import { ProduceError } from '@lk/client';
import { gzip } from '@lk/compress-gzip';
import { lz4 } from '@lk/compress-lz4';
import { snappy } from '@lk/compress-snappy';
import { zstd } from '@lk/compress-zstd';
import { createTopic, javaTool } from '@lk/kafka-harness';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { partitionForKey } from '../src/murmur2.ts';
import { Producer } from '../src/producer.ts';
import { readWithKcat, uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const utf8 = new TextEncoder();
const codecs: readonly (Codec | null)[] = [null, gzip(), snappy(), lz4(), zstd()];
const open: Producer[] = [];

function producer(options: ConstructorParameters<typeof Producer>[0] = {}): Producer {
  const made = new Producer({ bootstrap: kafka.bootstrap, ...options });
  open.push(made);
  return made;
}

afterAll(async () => {
  await Promise.all(open.map((p) => p.close({ force: true })));
});

describe('Producer', () => {
  it('puts keyed records where the Java console producer puts the same keys', async () => {
    const topic = uniqueTopic('keyed-java');
    await createTopic(kafka, topic, { partitions: 7, replicationFactor: 1 });
    const keys = Array.from({ length: 700 }, (_, i) => `key-${i}-${'x'.repeat(i % 13)}`);
    const lk = producer();
    const results = await lk.send(
      topic,
      keys.map((key) => ({ key, value: `lk:${key}` })),
    );
    const console = kafka.version.startsWith('3.')
      ? 'kafka.tools.ConsoleProducer'
      : 'org.apache.kafka.tools.ConsoleProducer';
    const java = await javaTool(
      console,
      [
        '--bootstrap-server',
        kafka.bootstrap,
        '--topic',
        topic,
        '--property',
        'parse.key=true',
        '--property',
        'key.separator=\t',
      ],
      { version: kafka.version, input: `${keys.map((key) => `${key}\tjava:${key}`).join('\n')}\n` },
    );
    expect(java.code, java.stderr).toBe(0);
    const read = await readWithKcat(kafka, topic, keys.length * 2);
    expect(read).toHaveLength(keys.length * 2);
    const lkPartition = new Map<string, number>();
    const javaPartition = new Map<string, number>();
    for (const r of read) (r.value.startsWith('lk:') ? lkPartition : javaPartition).set(r.key, r.partition);
    let same = 0;
    keys.forEach((key, i) => {
      expect(results[i]!.partition).toBe(lkPartition.get(key));
      if (lkPartition.get(key) === javaPartition.get(key)) same++;
      expect(lkPartition.get(key)).toBe(partitionForKey(utf8.encode(key), 7));
    });
    expect(same).toBe(keys.length);
    // Every partition got some of the keys.
    expect(new Set(lkPartition.values()).size).toBe(7);
  });

  it('writes every codec so that kcat and the Java consumer read it all, with the offsets send returned', async () => {
    const count = 3000;
    const prefix = uniqueTopic('codec');
    const topics: string[] = [];
    for (const codec of codecs) {
      const topic = `${prefix}-${codec?.name ?? 'none'}`;
      topics.push(topic);
      await createTopic(kafka, topic, { partitions: 6, replicationFactor: 1 });
      const lk = producer({ compression: codec, lingerMs: 2, batchSize: 8192 });
      const sends = Array.from({ length: count }, (_, i) =>
        lk.send(topic, {
          key: i % 3 === 0 ? null : `k${i % 50}`,
          value: `${codec?.name ?? 'none'}-${i}-${'v'.repeat(i % 100)}`,
        }),
      );
      const results = await Promise.all(sends);
      await lk.close();
      const read = await readWithKcat(kafka, topic, count);
      expect(read).toHaveLength(count);
      const byValue = new Map(read.map((r) => [r.value, r]));
      results.forEach((result, i) => {
        const seen = byValue.get(`${codec?.name ?? 'none'}-${i}-${'v'.repeat(i % 100)}`);
        expect(seen, `record ${i}`).toBeDefined();
        expect([seen!.partition, seen!.offset]).toEqual([result.partition, Number(result.offset)]);
      });
      // The order of sends is kept within each partition.
      const last = new Map<number, number>();
      for (const r of read) {
        const i = Number(r.value.split('-')[1]);
        expect(i).toBeGreaterThan(last.get(r.partition) ?? -1);
        last.set(r.partition, i);
      }
      // Keyless records were spread by the sticky partitioner over more than one partition.
      expect(new Set(results.filter((_, i) => i % 3 === 0).map((r) => r.partition)).size).toBeGreaterThan(1);
    }
    const consumer = await javaTool(
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      [
        '--bootstrap-server',
        kafka.bootstrap,
        '--include',
        `${prefix}-.*`,
        '--from-beginning',
        '--max-messages',
        String(count * codecs.length),
        '--timeout-ms',
        '60000',
      ],
      { version: kafka.version, timeoutMs: 120_000 },
    );
    expect(consumer.code, consumer.stderr).toBe(0);
    const values = consumer.stdout.split('\n').filter((line) => line !== '');
    expect(values).toHaveLength(count * codecs.length);
    for (const codec of codecs) {
      const name = codec?.name ?? 'none';
      expect(values.filter((v) => v.startsWith(`${name}-`))).toHaveLength(count);
    }
  });

  it('sends a batch the caller built, stamped for idempotence, and an explicit partition', async () => {
    const topic = uniqueTopic('own-batch');
    await createTopic(kafka, topic, { partitions: 3, replicationFactor: 1 });
    const lk = producer();
    const batch = new Builder()
      .add({ value: utf8.encode('a') })
      .add({ value: utf8.encode('b') })
      .build()
      .compress(lz4());
    const written = await lk.sendBatch(topic, 2, batch);
    expect(written).toEqual({ topic, partition: 2, baseOffset: 0n, recordCount: 2, logAppendTime: -1 });
    const explicit = await lk.send(topic, { partition: 2, value: 'c' });
    expect([explicit.partition, explicit.offset]).toEqual([2, 2n]);
    // Stamped in its own memory: the broker takes its sequence after the records before it.
    const own = new BatchWriter({ maxBytes: 1000 });
    own.append(null, utf8.encode('d'), Date.now());
    own.append(null, utf8.encode('e'), Date.now());
    const frame = own.finish();
    const inPlace = await lk.sendBatch(topic, 2, frame, { stampInPlace: true });
    expect([inPlace.baseOffset, inPlace.recordCount]).toEqual([3n, 2]);
    expect(Batch.unmarshal(frame.marshal()).producerId).toBeGreaterThanOrEqual(0n); // stamped where it was
    const read = await readWithKcat(kafka, topic, 5);
    expect(read.map((r) => `${r.partition}:${r.value}`)).toEqual(['2:a', '2:b', '2:c', '2:d', '2:e']);
  });

  it('fails what cannot be sent with typed errors, and loses nothing else', async () => {
    const topic = uniqueTopic('refused');
    await createTopic(kafka, topic, { partitions: 2, replicationFactor: 1 });
    const lk = producer({ maxRequestSize: 10_000 });
    const [big, wrongPartition, fine] = await Promise.allSettled([
      lk.send(topic, { value: new Uint8Array(20_000) }),
      lk.send(topic, { partition: 5, value: 'x' }),
      lk.send(topic, { value: 'ok' }),
    ]);
    expect(big.status === 'rejected' && big.reason).toBeInstanceOf(ProduceError);
    expect((big as PromiseRejectedResult).reason.outcome).toBe('NOT_PERSISTED');
    expect((big as PromiseRejectedResult).reason.cause.errorName).toBe('MESSAGE_TOO_LARGE');
    expect((wrongPartition as PromiseRejectedResult).reason.cause.code).toBe('LK_METADATA_NO_PARTITION');
    expect(fine.status).toBe('fulfilled');
    // A closed producer refuses new records at once, typed.
    await lk.close();
    const late = await lk.send(topic, { value: 'late' }).catch((e: unknown) => e);
    expect(late).toBeInstanceOf(ProduceError);
    expect((late as ProduceError).cause).toMatchObject({ code: 'LK_CLIENT_CLOSED' });
  });

  it('waits maxBlockMs for a topic that does not exist, then fails typed', async () => {
    const lk = producer({ maxBlockMs: 500 });
    const started = performance.now();
    const error = await lk.send(uniqueTopic('missing'), { value: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProduceError);
    expect((error as ProduceError).outcome).toBe('NOT_PERSISTED');
    expect(performance.now() - started).toBeGreaterThanOrEqual(450);
  });
});
