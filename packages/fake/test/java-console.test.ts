// Kafka's own Java console producer and consumer (from the Kafka jars) against the fake.
import { javaTool } from '@lk/kafka-harness';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeCluster } from '../src/index.ts';

let cluster: FakeCluster;
beforeAll(async () => {
  cluster = await FakeCluster.start({ brokers: 3, topics: { java: { partitions: 3 } } });
});
afterAll(async () => {
  expect(cluster.serverErrors).toEqual([]);
  await cluster.close();
});

/** ConsoleConsumer reading 100 records of topic `java` from the beginning in `group`. */
function consoleConsumer(group: string, extra: string[] = []) {
  const args = ['--bootstrap-server', cluster.bootstrap, '--topic', 'java', '--group', group, ...extra];
  args.push('--from-beginning', '--max-messages', '100', '--timeout-ms', '60000');
  return javaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', args, { timeoutMs: 120_000 });
}

describe('Java console tools against the fake', () => {
  it('ConsoleProducer (idempotent, gzip) writes, ConsoleConsumer in a group reads everything back', async () => {
    const lines = Array.from({ length: 100 }, (_, i) => `java-${i}`);
    const produced = await javaTool(
      'org.apache.kafka.tools.ConsoleProducer',
      [
        '--bootstrap-server',
        cluster.bootstrap,
        '--topic',
        'java',
        '--producer-property',
        'compression.type=gzip',
      ],
      { input: `${lines.join('\n')}\n`, timeoutMs: 120_000 },
    );
    expect(produced.code, produced.stderr).toBe(0);
    const stored = cluster.topic('java').partitions.reduce((n, p) => n + Number(p.log.highWatermark), 0);
    expect(stored).toBe(100);
    const consumed = await consoleConsumer('java-console');
    expect(consumed.code, consumed.stderr).toBe(0);
    expect(consumed.stdout.trim().split('\n').sort()).toEqual([...lines].sort());
    expect(cluster.group('java-console')).toBeDefined();
  }, 150_000);

  it('ConsoleConsumer with group.protocol=consumer (KIP-848) gets its assignment from the fake', async () => {
    const consumed = await consoleConsumer('java-848', ['--consumer-property', 'group.protocol=consumer']);
    expect(consumed.code, consumed.stderr).toBe(0);
    const records = consumed.stdout.split('\n').filter((line) => line.startsWith('java-'));
    expect(new Set(records).size).toBe(100);
    expect(cluster.group('java-848')?.type ?? 'consumer').toBe('consumer');
    expect(cluster.committedOffsets('java-848').get('java')?.size).toBe(3);
  }, 150_000);
});
