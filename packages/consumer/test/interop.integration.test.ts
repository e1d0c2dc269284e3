// lk beside Kafka's own Java client: a Java KafkaConsumer and an lk Consumer in one group, and
// offsets read across with kafka-consumer-groups.
import { fileURLToPath } from 'node:url';
import { DescribeGroups } from '@lk/api';
import { javaTool } from '@lk/kafka-harness';
import { describe, expect, inject, it } from 'vitest';
import {
  Consumer,
  CooperativeStickyAssignor,
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
  RangeAssignor,
} from '../src/index.ts';
import { consumeCount, newTopic, produce, unique, until, values } from './helpers.ts';

const kafka = inject('kafka');
const supports848 = kafka.version.startsWith('4.');
const JAVA_CONSUMER = fileURLToPath(new URL('./java/GroupConsumer.java', import.meta.url));
const GROUP_COMMAND = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';

const modes = [
  { name: 'classic, cooperative-sticky', protocol: 'classic' as const, assignor: 'cooperative-sticky' },
  { name: 'classic, range', protocol: 'classic' as const, assignor: 'range' },
  ...(supports848 ? [{ name: 'KIP-848', protocol: 'consumer' as const, assignor: '-' }] : []),
];

describe.each(modes)('a Java and an lk consumer in one group ($name)', ({ protocol, assignor }) => {
  it('split the partitions and together read every record once', async () => {
    const partitions = 6;
    const perPartition = 300;
    const topic = await newTopic(kafka.bootstrap, 'interop', partitions);
    const groupId = unique('mixed');
    const lk = new Consumer({
      bootstrap: kafka.bootstrap,
      groupId,
      topics: [topic],
      groupProtocol: protocol,
      assignors: [assignor === 'range' ? new RangeAssignor() : new CooperativeStickyAssignor()],
      autoOffsetReset: 'earliest',
      sessionTimeoutMs: 10_000,
      heartbeatIntervalMs: 500,
      autoCommitIntervalMs: 500,
    });
    const lkSeen: string[] = [];
    const stop = new AbortController();
    const running = lk.run({ eachBatch: (b) => void lkSeen.push(...values(b)), signal: stop.signal });
    const java = javaTool(
      JAVA_CONSUMER,
      [kafka.bootstrap, topic, groupId, protocol, assignor, '8000', '90000'],
      {
        version: kafka.version,
        timeoutMs: 150_000,
      },
    );
    try {
      // The group settles with both members, then the records arrive.
      await until(() => lk.assignment().length > 0 && lk.assignment().length < partitions, 60_000, 'a split');
      await new Promise((r) => setTimeout(r, 1500));
      const lkShare = lk.assignment().length;
      if (protocol === 'classic') await expectJavaSubscriptionBytes(groupId, topic);
      await produce(kafka.bootstrap, topic, partitions, perPartition);
      const result = await java;
      expect(result.code, result.stderr.slice(-2000)).toBe(0);
      await until(() => lkSeen.length >= lkShare * perPartition, 30_000, 'lk records');
      const javaSeen = result.stdout
        .split('\n')
        .filter((l) => l.startsWith('R '))
        .map((l) => l.split(' ')[3]!);
      expect(javaSeen.length).toBeGreaterThan(0);
      expect(lkSeen.length).toBeGreaterThan(0);
      const all = [...javaSeen, ...lkSeen];
      expect(new Set(all).size).toBe(partitions * perPartition);
      expect(all.length).toBe(partitions * perPartition); // once: no duplicates
    } finally {
      stop.abort();
      await running.catch(() => {});
      await lk.close();
      await java.catch(() => {});
    }
  });
});

/** The Java member's JoinGroup metadata, as the coordinator stores it: lk writes the same bytes. */
async function expectJavaSubscriptionBytes(groupId: string, topic: string): Promise<void> {
  const probe = new Consumer({ bootstrap: kafka.bootstrap, assignment: [{ topic, partition: 0 }] });
  try {
    const response = await probe.cluster.call({ coordinator: { key: groupId } }, DescribeGroups, {
      ...DescribeGroups.newRequest(),
      groups: [groupId],
    });
    const members = response.groups[0]!.members;
    expect(members).toHaveLength(2);
    for (const m of members) {
      const subscription = decodeSubscription(m.memberMetadata);
      expect(subscription.topics).toEqual([topic]);
      // Byte for byte what the Java client (and the lk member) sent.
      expect(encodeSubscription(subscription)).toEqual(new Uint8Array(m.memberMetadata));
      const assignment = decodeAssignment(m.memberAssignment);
      expect(encodeAssignment(assignment)).toEqual(new Uint8Array(m.memberAssignment));
    }
  } finally {
    await probe.close();
  }
}

describe('offsets across lk and the Java tools', () => {
  it('kafka-consumer-groups reads what lk committed, and lk reads what it reset', async () => {
    const topic = await newTopic(kafka.bootstrap, 'interop', 2);
    await produce(kafka.bootstrap, topic, 2, 50);
    const groupId = unique('offsets');
    const options = {
      bootstrap: kafka.bootstrap,
      groupId,
      topics: [topic],
      groupProtocol: 'classic' as const,
      autoOffsetReset: 'earliest' as const,
      autoCommit: false,
    };
    const lk = new Consumer(options);
    try {
      await consumeCount(lk, 100);
      await lk.commit();
    } finally {
      await lk.close();
    }
    const described = await javaTool(
      GROUP_COMMAND,
      ['--bootstrap-server', kafka.bootstrap, '--describe', '--group', groupId],
      {
        version: kafka.version,
      },
    );
    expect(described.code, described.stderr).toBe(0);
    const rows = described.stdout.split('\n').filter((l) => l.includes(topic));
    expect(rows).toHaveLength(2);
    // GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG ...
    for (const row of rows) expect(row.trim().split(/\s+/).slice(3, 6)).toEqual(['50', '50', '0']);

    const reset = await javaTool(
      GROUP_COMMAND,
      [
        '--bootstrap-server',
        kafka.bootstrap,
        '--reset-offsets',
        '--group',
        groupId,
        '--topic',
        `${topic}:1`,
        '--to-offset',
        '20',
        '--execute',
      ],
      { version: kafka.version },
    );
    expect(reset.code, reset.stderr).toBe(0);
    const again = new Consumer(options);
    try {
      const committed = await again.committed([{ topic, partition: 1 }]);
      expect(committed[0]!.offset).toBe(20n);
      const seen = await consumeCount(again, 30);
      expect(seen.sort()).toEqual(Array.from({ length: 30 }, (_, i) => `p1-${20 + i}`).sort());
    } finally {
      await again.close();
    }
  });
});
