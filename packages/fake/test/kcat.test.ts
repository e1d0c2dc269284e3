// kcat (librdkafka, a client lk did not write) against the fake: metadata, produce and consume
// with every codec, idempotent producing, and SASL PLAIN / SCRAM.

import { CompressionType } from '@lk/batch';
import { kcat } from '@lk/kafka-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeCluster } from '../src/index.ts';

let cluster: FakeCluster;
const USERS = { alice: 'alice-secret', bob: 'bob-secret' };

beforeAll(async () => {
  cluster = await FakeCluster.start({
    brokers: 3,
    topics: { meta: { partitions: 4 } },
    sasl: { users: USERS },
  });
});
afterAll(async () => {
  expect(cluster.serverErrors).toEqual([]);
  await cluster.close();
});

function lines(n: number, prefix: string): string {
  return `${Array.from({ length: n }, (_, i) => `${prefix}-${i}`).join('\n')}\n`;
}

describe('kcat against the fake', () => {
  it('-L lists the brokers, topics, leaders and replicas', async () => {
    const result = await kcat(['-b', cluster.bootstrap, '-L', '-J']);
    expect(result.code, result.stderr).toBe(0);
    const listing = JSON.parse(result.stdout) as {
      brokers: { id: number; name: string }[];
      topics: {
        topic: string;
        partitions: { partition: number; leader: number; replicas: { id: number }[] }[];
      }[];
    };
    expect(listing.brokers.map((b) => b.name).sort()).toEqual(cluster.bootstrap.split(',').sort());
    const meta = listing.topics.find((t) => t.topic === 'meta')!;
    expect(meta.partitions.map((p) => p.leader)).toEqual(
      cluster.topic('meta').partitions.map((p) => p.leader),
    );
    expect(new Set(meta.partitions.map((p) => p.leader)).size).toBe(3);
    expect(meta.partitions[0]!.replicas).toHaveLength(3);
  });

  const codecs = [
    ['none', CompressionType.none],
    ['gzip', CompressionType.gzip],
    ['snappy', CompressionType.snappy],
    ['lz4', CompressionType.lz4],
    ['zstd', CompressionType.zstd],
  ] as const;
  for (const [codec, type] of codecs) {
    it(`produces and consumes with ${codec}, idempotently, batches stored as sent`, async () => {
      const topic = `kcat-${codec}`;
      cluster.createTopic(topic, { partitions: 1 });
      const produced = await kcat(
        [
          '-b',
          cluster.bootstrap,
          '-P',
          '-t',
          topic,
          '-p',
          '0',
          '-z',
          codec,
          '-X',
          'enable.idempotence=true',
          '-X',
          'linger.ms=50',
        ],
        { input: lines(500, codec) },
      );
      expect(produced.code, produced.stderr).toBe(0);
      const batches = cluster.batches(topic, 0);
      expect(batches.reduce((n, b) => n + b.recordsCount, 0)).toBe(500);
      expect(new Set(batches.map((b) => b.compression))).toEqual(new Set([type]));
      expect(batches[0]!.producerId).toBeGreaterThanOrEqual(0n);
      const consumed = await kcat([
        '-b',
        cluster.bootstrap,
        '-C',
        '-t',
        topic,
        '-p',
        '0',
        '-o',
        'beginning',
        '-e',
        '-q',
      ]);
      expect(consumed.code, consumed.stderr).toBe(0);
      expect(consumed.stdout).toBe(lines(500, codec));
    });
  }

  it('consumes from every partition of a topic whose leaders are spread over the brokers', async () => {
    const topic = 'kcat-spread';
    cluster.createTopic(topic, { partitions: 6 });
    const produced = await kcat(['-b', cluster.bootstrap, '-P', '-t', topic, '-K', ':'], {
      input: Array.from({ length: 300 }, (_, i) => `key${i}:value${i}`).join('\n'),
    });
    expect(produced.code, produced.stderr).toBe(0);
    const counts = cluster.topic(topic).partitions.map((p) => Number(p.log.highWatermark));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    const consumed = await kcat([
      '-b',
      cluster.bootstrap,
      '-C',
      '-t',
      topic,
      '-o',
      'beginning',
      '-e',
      '-q',
      '-f',
      '%k=%s\n',
    ]);
    expect(consumed.code, consumed.stderr).toBe(0);
    expect(consumed.stdout.trim().split('\n').sort()).toEqual(
      Array.from({ length: 300 }, (_, i) => `key${i}=value${i}`).sort(),
    );
  });

  for (const mechanism of ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512']) {
    it(`authenticates with SASL ${mechanism}, and refuses a wrong password`, async () => {
      const sasl = (password: string) => [
        '-b',
        cluster.saslBootstrap,
        '-X',
        'security.protocol=SASL_PLAINTEXT',
        '-X',
        `sasl.mechanisms=${mechanism}`,
        '-X',
        'sasl.username=alice',
        '-X',
        `sasl.password=${password}`,
        '-L',
        '-m',
        password === USERS.alice ? '5' : '2',
      ];
      const ok = await kcat(sasl(USERS.alice));
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain(cluster.saslBootstrap.split(',')[0]);
      const refused = await kcat(sasl('wrong'));
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/Authentication failed|SASL authentication error/);
    });
  }
});
