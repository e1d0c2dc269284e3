import { kcat, kcatConnectArgs } from '@lk/kafka-harness';
import { describe, expect, inject, it } from 'vitest';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import { PartitionFetcher } from '../src/partition-fetcher.ts';
import { PartitionProducer } from '../src/partition-producer.ts';
import { uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const cluster = new BootstrapClient(kafka.bootstrap);
const utf8 = new TextEncoder();
const text = new TextDecoder();
const COUNT = 1000;

describe('interop with kcat (librdkafka)', () => {
  it('kcat reads what lk produces, keys and headers included', async () => {
    const topic = uniqueTopic('to-kcat');
    await cluster.createTopic(topic, { numPartitions: 1 });
    const producer = new PartitionProducer({
      bootstrap: kafka.bootstrap,
      topic,
      partition: 0,
      idempotent: true,
    });
    const records = Array.from({ length: COUNT }, (_, i) => ({
      key: utf8.encode(`k${i}`),
      value: utf8.encode(`v${i}`),
      headers: [{ key: 'h', value: utf8.encode(`x${i}`) }],
    }));
    await producer.produceRecords(records.slice(0, 500));
    await producer.produceRecords(records.slice(500));
    producer.close();
    const result = await kcat([
      ...kcatConnectArgs(kafka, 'plaintext'),
      '-C',
      '-t',
      topic,
      '-p',
      '0',
      '-o',
      'beginning',
      '-e',
      '-c',
      String(COUNT),
      '-f',
      '%o|%k|%s|%h\\n',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(COUNT);
    expect(lines).toEqual(Array.from({ length: COUNT }, (_, i) => `${i}|k${i}|v${i}|h=x${i}`));
  });

  it('lk reads what kcat produces', async () => {
    const topic = uniqueTopic('from-kcat');
    await cluster.createTopic(topic, { numPartitions: 1 });
    const input = Array.from({ length: COUNT }, (_, i) => `key${i}:value${i}`).join('\n') + '\n';
    const result = await kcat(
      [...kcatConnectArgs(kafka, 'plaintext'), '-P', '-t', topic, '-p', '0', '-K', ':', '-z', 'lz4'],
      { input },
    );
    expect(result.code, result.stderr).toBe(0);
    const { lz4 } = await import('@lk/compress-lz4');
    const fetcher = new PartitionFetcher({
      bootstrap: kafka.bootstrap,
      topic,
      partition: 0,
      maxWaitMs: 200,
      decompressors: [lz4()],
    });
    const seen: string[] = [];
    const controller = new AbortController();
    for await (const { records } of fetcher.records({ signal: controller.signal })) {
      seen.push(...records.map((r) => `${text.decode(r.key!)}:${text.decode(r.value!)}`));
      if (seen.length >= COUNT) break;
    }
    fetcher.close();
    expect(seen).toEqual(input.trim().split('\n'));
  });
});
