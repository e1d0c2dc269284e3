// Types of inject('kafka') (provided by the broker harness's vitest global setup).
/// <reference path="../../../tools/kafka/src/vitest-provide.d.ts" />
import { randomUUID } from 'node:crypto';
import {
  ConfigResourceType,
  ConfigSource,
  ConsumerGroupHeartbeat,
  FieldVersionError,
  GroupState,
  GroupType,
  MemberEpoch,
  QuotaEntityType,
  ScramMechanism,
  ShareGroupHeartbeat,
} from '@lk/api';
import {
  GroupClient,
  OffsetTimestamp,
  PartitionFetcher,
  PartitionProducer,
  scramSha256,
  scramSha512,
  UnsupportedVersionError,
} from '@lk/client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Admin, AdminError, GroupNotEmptyError } from '../src/index.ts';

const kafka = inject('kafka');
const admin = new Admin({ bootstrap: kafka.bootstrap });
afterAll(() => admin.close());

const unique = (prefix: string) => `admin-${prefix}-${randomUUID().slice(0, 8)}`;
const TOPIC = ConfigResourceType.TOPIC;
const kafka4 = kafka.version.startsWith('4.');

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The entries of a result list, typed as present (each destructured entry is checked by the test). */
function got<T>(list: readonly T[]): [T, T, T] {
  expect(list.length).toBeGreaterThan(0);
  return list as unknown as [T, T, T];
}

describe('topics', () => {
  it('creates a topic with configs and leaders, lists and describes it, then deletes it', async () => {
    const name = unique('t');
    const [created] = got(
      await admin.createTopics(
        [{ name, numPartitions: 3, replicationFactor: 1, configs: { 'retention.ms': '3600000' } }],
        { throwOnError: true },
      ),
    );
    expect(created.error).toBeNull();
    expect(await admin.listTopics()).toContain(name);
    expect(await admin.listTopics()).not.toContain('__consumer_offsets');

    const [topic] = got(await admin.describeTopics([name], { throwOnError: true }));
    expect(topic.topicId).toBe(created.topicId);
    expect(topic.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    for (const p of topic.partitions) {
      expect(p.leaderId).toBe(kafka.nodes.at(0)?.id);
      expect(p.isr).toEqual([p.leaderId]);
      expect(p.error).toBeNull();
    }
    const [configs] = got(await admin.describeConfigs([{ type: TOPIC, name }], { synonyms: true }));
    const retention = configs.configs.find((c) => c.name === 'retention.ms');
    expect(retention).toMatchObject({ value: '3600000', source: ConfigSource.TOPIC_CONFIG });
    expect(retention?.synonyms.at(0)).toMatchObject({ value: '3600000', source: ConfigSource.TOPIC_CONFIG });

    const [deleted] = got(await admin.deleteTopics([name], { throwOnError: true }));
    expect(deleted).toMatchObject({ name, error: null });
  });

  it('answers per entry: an existing topic on create, an unknown one on describe and delete', async () => {
    const name = unique('dup');
    await admin.createTopics([{ name, numPartitions: 1 }], { throwOnError: true });
    const [again] = got(await admin.createTopics([{ name, numPartitions: 1 }]));
    expect(again.error?.errorName).toBe('TOPIC_ALREADY_EXISTS');

    const missing = unique('missing');
    const described = await admin.describeTopics([name, missing]);
    expect(described.at(0)?.error).toBeNull();
    expect(described.at(1)?.error?.errorName).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    const error = await admin.describeTopics([missing], { throwOnError: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminError);
    expect((error as AdminError).failures.map((f) => f.subject)).toEqual([`topic:${missing}`]);

    const [gone] = got(await admin.deleteTopics([missing]));
    expect(gone.error?.errorName).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    await expect(admin.deleteTopics([missing], { throwOnError: true })).rejects.toThrow(AdminError);
    await admin.deleteTopics([name], { throwOnError: true });
  });

  it('deletes by name at DeleteTopics v6 and v5 (topics vs topicNames), and by id at v6 only', async () => {
    const names: [string, string, string] = [unique('v6'), unique('v5'), unique('id')];
    const created = await admin.createTopics(
      names.map((name) => ({ name, numPartitions: 1 })),
      { throwOnError: true },
    );
    const [v6] = got(await admin.deleteTopics([names[0]], { version: 6, throwOnError: true }));
    expect(v6.name).toBe(names[0]);
    const [v5] = got(await admin.deleteTopics([names[1]], { version: 5, throwOnError: true }));
    expect(v5.name).toBe(names[1]);

    const topicId = got(created)[2].topicId;
    await expect(admin.deleteTopics([{ topicId }], { version: 5 })).rejects.toThrow(FieldVersionError);
    expect(await admin.listTopics()).toContain(names[2]); // the refused request deleted nothing
    const [byId] = got(await admin.deleteTopics([{ topicId }], { throwOnError: true }));
    expect(byId).toMatchObject({ name: names[2], topicId, error: null });

    // Deletion reaches every broker's metadata through the metadata log: soon, not at once.
    await until(async () => {
      const left = await admin.listTopics();
      return names.every((name) => !left.includes(name));
    }, 10_000);
  });
});

describe('configs', () => {
  it('alters topic configs incrementally (set, delete) and refuses an invalid one', async () => {
    const name = unique('cfg');
    await admin.createTopics([{ name, numPartitions: 1, configs: { 'segment.ms': '600000' } }], {
      throwOnError: true,
    });
    const [altered] = got(
      await admin.alterConfigs(
        [{ type: TOPIC, name, set: { 'retention.ms': '7200000' }, delete: ['segment.ms'] }],
        { throwOnError: true },
      ),
    );
    expect(altered).toMatchObject({ type: TOPIC, name, error: null });
    const [after] = got(
      await admin.describeConfigs([{ type: TOPIC, name }], { names: ['retention.ms', 'segment.ms'] }),
    );
    const byName = new Map(after.configs.map((c) => [c.name, c]));
    expect(byName.get('retention.ms')).toMatchObject({ value: '7200000', source: ConfigSource.TOPIC_CONFIG });
    expect(byName.get('segment.ms')?.source).toBe(ConfigSource.DEFAULT_CONFIG);

    const [invalid] = got(await admin.alterConfigs([{ type: TOPIC, name, set: { 'retention.ms': 'soon' } }]));
    expect(invalid.error?.errorName).toBe('INVALID_CONFIG');
    const error = await admin
      .alterConfigs([{ type: TOPIC, name, set: { 'no.such.config': '1' } }], { throwOnError: true })
      .catch((e: unknown) => e);
    expect((error as AdminError).failures.at(0)?.error.errorName).toBe('INVALID_CONFIG');
    await admin.deleteTopics([name]);
  });

  it('describes and alters a broker config at that broker, with synonyms', async () => {
    const broker = String(kafka.nodes.at(0)?.id);
    const [described] = got(
      await admin.describeConfigs([{ type: ConfigResourceType.BROKER, name: broker }], {
        names: ['log.cleaner.threads'],
        synonyms: true,
      }),
    );
    expect(described.error).toBeNull();
    const [threads] = got(described.configs);
    expect(threads.name).toBe('log.cleaner.threads');
    expect(threads.synonyms.length).toBeGreaterThan(0);

    const [set] = got(
      await admin.alterConfigs(
        [{ type: ConfigResourceType.BROKER, name: broker, set: { 'log.cleaner.threads': '2' } }],
        { throwOnError: true },
      ),
    );
    expect(set.error).toBeNull();
    // A dynamic broker config reaches the broker through the metadata log: it shows soon, not at once.
    const threadsNow = async () =>
      got(
        await admin.describeConfigs([{ type: ConfigResourceType.BROKER, name: broker }], {
          names: ['log.cleaner.threads'],
        }),
      )[0].configs.at(0);
    await until(async () => (await threadsNow())?.value === '2', 10_000);
    expect(await threadsNow()).toMatchObject({ value: '2', source: ConfigSource.DYNAMIC_BROKER_CONFIG });
    await admin.alterConfigs(
      [{ type: ConfigResourceType.BROKER, name: broker, delete: ['log.cleaner.threads'] }],
      { throwOnError: true },
    );
    const [unknown] = got(await admin.describeConfigs([{ type: TOPIC, name: unique('nope') }]));
    expect(unknown.error?.errorName).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });
});

describe('groups', () => {
  it('lists, describes, reads offsets of and deletes groups; a group with a member is not deleted', async () => {
    const topic = unique('g');
    await admin.createTopics([{ name: topic, numPartitions: 2 }], { throwOnError: true });
    const producer = new PartitionProducer({ bootstrap: kafka.bootstrap, topic, partition: 0 });
    await producer.produceStrings(['a', 'b', 'c']);
    producer.close();

    // An empty group with committed offsets (committed outside any generation).
    const emptyId = unique('empty');
    const committer = new GroupClient({ bootstrap: kafka.bootstrap, groupId: emptyId });
    await committer.commitOrThrow([
      { topic, partition: 0, offset: 3n },
      { topic, partition: 1, offset: 0n },
    ]);
    committer.close();

    // A group with a live member.
    const activeId = unique('active');
    const member = new GroupClient({ bootstrap: kafka.bootstrap, groupId: activeId });
    const joined = await member.join({
      sessionTimeoutMs: 30_000,
      protocols: [{ name: 'range', metadata: new Uint8Array(0) }],
    });
    await member.sync([{ memberId: joined.memberId, assignment: new Uint8Array(0) }]);
    try {
      const { groups, brokers } = await admin.listGroups({ throwOnError: true });
      expect(brokers.map((b) => b.nodeId)).toEqual(
        [...admin.cluster.metadata.brokers.keys()].sort((a, b) => a - b),
      );
      const empty = groups.find((g) => g.groupId === emptyId);
      const active = groups.find((g) => g.groupId === activeId);
      expect(empty).toMatchObject({ state: GroupState.EMPTY });
      expect(active).toMatchObject({ state: GroupState.STABLE, protocolType: 'consumer' });
      const onlyEmpty = await admin.listGroups({ states: [GroupState.EMPTY] });
      expect(onlyEmpty.groups.map((g) => g.groupId)).toContain(emptyId);
      expect(onlyEmpty.groups.map((g) => g.groupId)).not.toContain(activeId);
      const classic = await admin.listGroups({ types: [GroupType.CLASSIC] });
      expect(classic.groups.map((g) => g.groupId)).toContain(activeId);

      const [described, dead] = got(await admin.describeGroups([activeId, unique('none')]));
      expect(described).toMatchObject({ state: GroupState.STABLE, protocol: 'range', error: null });
      expect(described.members.map((m) => m.memberId)).toEqual([joined.memberId]);
      expect(dead.state).toBe(GroupState.DEAD);

      const { offsets, error } = await admin.listGroupOffsets(emptyId, { throwOnError: true });
      expect(error).toBeNull();
      expect(offsets.map((o) => [o.topic, o.partition, o.offset])).toEqual([
        [topic, 0, 3n],
        [topic, 1, 0n],
      ]);

      const [notEmpty, deleted, unknown] = got(await admin.deleteGroups([activeId, emptyId, unique('none')]));
      expect(notEmpty.error?.errorName).toBe('NON_EMPTY_GROUP');
      expect(deleted.error).toBeNull();
      expect(unknown.error?.errorName).toBe('GROUP_ID_NOT_FOUND');
      expect((await admin.listGroupOffsets(emptyId)).offsets).toEqual([]);
      await expect(admin.deleteGroups([activeId], { throwOnError: true })).rejects.toThrow(AdminError);
    } finally {
      await member.leave().catch(() => {});
      member.close();
      await admin.deleteTopics([topic]);
    }
  });
});

describe('topics: partitions and records', () => {
  it('adds partitions, refuses fewer, and deletes records before an offset at the leader', async () => {
    const name = unique('grow');
    await admin.createTopics([{ name, numPartitions: 1 }], { throwOnError: true });
    const producer = new PartitionProducer({ bootstrap: kafka.bootstrap, topic: name, partition: 0 });
    await producer.produceStrings(['a', 'b', 'c', 'd', 'e']);
    producer.close();

    const [grown, missing] = got(
      await admin.createPartitions([
        { topic: name, count: 3 },
        { topic: unique('nope'), count: 2 },
      ]),
    );
    expect(grown).toMatchObject({ topic: name, error: null });
    expect(missing.error?.errorName).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    const [shrink] = got(await admin.createPartitions([{ topic: name, count: 2 }]));
    expect(shrink.error?.errorName).toBe('INVALID_PARTITIONS');
    await until(async () => (await admin.describeTopics([name]))[0]?.partitions.length === 3, 10_000);

    const [p0, p1, unknown] = got(
      await admin.deleteRecords([
        { topic: name, partition: 0, offset: 3n },
        { topic: name, partition: 1, offset: 'highWatermark' },
        { topic: name, partition: 7, offset: 0n },
      ]),
    );
    expect(p0).toMatchObject({ topic: name, partition: 0, lowWatermark: 3n, error: null });
    expect(p1).toMatchObject({ partition: 1, lowWatermark: 0n, error: null });
    expect(unknown.error?.errorName).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    // The log really starts at 3 now: the earliest offset a consumer can read.
    const fetcher = new PartitionFetcher({ bootstrap: kafka.bootstrap, topic: name, partition: 0 });
    try {
      expect((await fetcher.client.listOffsets(OffsetTimestamp.earliest)).offset).toBe(3n);
    } finally {
      fetcher.close();
    }
    const [beyond] = got(await admin.deleteRecords([{ topic: name, partition: 0, offset: 99n }]));
    expect(beyond.error?.errorName).toBe('OFFSET_OUT_OF_RANGE');
    await admin.deleteTopics([name]);
  });
});

describe('group configs', () => {
  it('describes and alters a group config on 4.x; 3.9 refuses the GROUP resource type', async () => {
    const groupId = unique('gcfg');
    const resource = { type: ConfigResourceType.GROUP, name: groupId };
    const [altered] = got(
      await admin.alterConfigs([{ ...resource, set: { 'consumer.session.timeout.ms': '20000' } }]),
    );
    const describe = async () =>
      got(await admin.describeConfigs([resource], { names: ['consumer.session.timeout.ms'] }))[0];
    const described = await describe();
    if (kafka4) {
      expect(altered.error).toBeNull();
      // Through the metadata log: soon, not at once.
      await until(async () => (await describe()).configs.at(0)?.value === '20000', 10_000);
      expect((await describe()).configs.at(0)).toMatchObject({ source: ConfigSource.GROUP_CONFIG });
    } else {
      // Kafka 3.9 has no group configs (KIP-848's GROUP resource came in 4.0): INVALID_REQUEST.
      expect(altered.error?.errorName).toBe('INVALID_REQUEST');
      expect(altered.error?.message).toContain('Unknown resource type');
      expect(described.error?.errorName).toBe('INVALID_REQUEST');
    }
  });
});

describe('group offsets', () => {
  it('alters, lists, resets (earliest, latest, timestamp, offset) and deletes offsets of an empty group', async () => {
    const topic = unique('off');
    await admin.createTopics([{ name: topic, numPartitions: 2 }], { throwOnError: true });
    const producer = new PartitionProducer({ bootstrap: kafka.bootstrap, topic, partition: 0 });
    await producer.produceStrings(['a', 'b']);
    const middle = BigInt(Date.now());
    await new Promise((resolve) => setTimeout(resolve, 20));
    await producer.produceStrings(['c', 'd', 'e']);
    producer.close();
    const groupId = unique('offg');
    try {
      const [p0, p1] = got(
        await admin.alterGroupOffsets(
          groupId,
          [
            { topic, partition: 0, offset: 1n, metadata: 'by admin' },
            { topic, partition: 1, offset: 0n },
          ],
          { throwOnError: true },
        ),
      );
      expect(p0).toMatchObject({ topic, partition: 0, offset: 1n, error: null });
      expect(p1.error).toBeNull();
      const committed = async () =>
        (await admin.listGroupOffsets(groupId, { throwOnError: true })).offsets.map((o) => [
          o.partition,
          o.offset,
        ]);
      expect(await committed()).toEqual([
        [0, 1n],
        [1, 0n],
      ]);
      expect((await admin.listGroupOffsets(groupId)).offsets.at(0)?.metadata).toBe('by admin');

      const latest = await admin.resetGroupOffsets(groupId, [topic], 'latest', { throwOnError: true });
      expect(latest.map((r) => [r.partition, r.offset])).toEqual([
        [0, 5n],
        [1, 0n],
      ]);
      expect(await committed()).toEqual([
        [0, 5n],
        [1, 0n],
      ]);
      await admin.resetGroupOffsets(groupId, [{ topic, partition: 0 }], 'earliest', { throwOnError: true });
      expect((await committed()).at(0)).toEqual([0, 0n]);
      // The first record at or after the timestamp: 'c' at offset 2; none after the future: the end.
      const [atTime] = got(
        await admin.resetGroupOffsets(groupId, [{ topic, partition: 0 }], { timestamp: middle }),
      );
      expect(atTime).toMatchObject({ offset: 2n, error: null });
      const [future] = got(
        await admin.resetGroupOffsets(groupId, [{ topic, partition: 0 }], { timestamp: middle + 3_600_000n }),
      );
      expect(future.offset).toBe(5n);
      const [dry] = got(
        await admin.resetGroupOffsets(
          groupId,
          [{ topic, partition: 0 }],
          { offset: 4n },
          { validateOnly: true },
        ),
      );
      expect(dry.offset).toBe(4n);
      expect((await committed()).at(0)).toEqual([0, 5n]); // validateOnly committed nothing
      const [missing] = got(await admin.resetGroupOffsets(groupId, [unique('nope')], 'earliest'));
      expect(missing.error?.errorName).toBe('UNKNOWN_TOPIC_OR_PARTITION');

      const [deleted] = got(
        await admin.deleteGroupOffsets(groupId, [{ topic, partition: 0 }], { throwOnError: true }),
      );
      expect(deleted).toMatchObject({ topic, partition: 0, error: null });
      expect(await committed()).toEqual([[1, 0n]]);
      const [none] = got(await admin.deleteGroupOffsets(unique('nog'), [{ topic, partition: 0 }]));
      expect(none.error?.errorName).toBe('GROUP_ID_NOT_FOUND');

      // A leader epoch at OffsetCommit v5 would be dropped by the broker: refused before sending.
      await expect(
        admin.alterGroupOffsets(groupId, [{ topic, partition: 1, offset: 1n, leaderEpoch: 0 }], {
          version: 5,
        }),
      ).rejects.toThrow(FieldVersionError);
      expect(await committed()).toEqual([[1, 0n]]);
    } finally {
      await admin.deleteGroups([groupId]);
      await admin.deleteTopics([topic]);
    }
  });

  it('refuses to reset a group with a member (GroupNotEmptyError) and the broker refuses its admin commit', async () => {
    const topic = unique('busy');
    await admin.createTopics([{ name: topic, numPartitions: 1 }], { throwOnError: true });
    const groupId = unique('busyg');
    const member = new GroupClient({ bootstrap: kafka.bootstrap, groupId });
    const joined = await member.join({
      sessionTimeoutMs: 30_000,
      protocols: [{ name: 'range', metadata: new Uint8Array(0) }],
    });
    await member.sync([{ memberId: joined.memberId, assignment: new Uint8Array(0) }]);
    try {
      const error = await admin.resetGroupOffsets(groupId, [topic], 'earliest').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GroupNotEmptyError);
      expect(error).toMatchObject({ code: 'LK_ADMIN_GROUP_NOT_EMPTY', groupId, state: GroupState.STABLE });
      expect((await admin.listGroupOffsets(groupId)).offsets).toEqual([]);
      const [refused] = got(await admin.alterGroupOffsets(groupId, [{ topic, partition: 0, offset: 0n }]));
      expect(refused.error?.errorName).toMatch(/^(UNKNOWN_MEMBER_ID|ILLEGAL_GENERATION)$/);
    } finally {
      await member.leave().catch(() => {});
      member.close();
      await admin.deleteTopics([topic]);
    }
  });
});

describe('KIP-848 consumer groups', () => {
  it('lists a consumer group by type and describes it (4.x); 3.9 answers UNSUPPORTED_VERSION', async () => {
    const topic = unique('cg');
    await admin.createTopics([{ name: topic, numPartitions: 2 }], { throwOnError: true });
    const groupId = unique('cgg');
    const memberId = randomUUID();
    const heartbeat = (memberEpoch: number) =>
      admin.cluster.call({ coordinator: { key: groupId } }, ConsumerGroupHeartbeat, {
        ...ConsumerGroupHeartbeat.newRequest(),
        groupId,
        memberId,
        memberEpoch,
        rebalanceTimeoutMs: 30_000,
        subscribedTopicNames: [topic],
        topicPartitions: [],
      });
    try {
      const joined = await heartbeat(MemberEpoch.JOIN_GROUP);
      const [described] = got(await admin.describeConsumerGroups([groupId]));
      if (!kafka4) {
        // 3.9 ships KIP-848 off (group.coordinator.rebalance.protocols=classic).
        expect(joined.errorCode).not.toBe(0);
        expect(described.error?.errorName).toBe('UNSUPPORTED_VERSION');
        return;
      }
      expect(joined.errorCode).toBe(0);
      // The member heartbeats until it owns both partitions, as a consumer would.
      let epoch = joined.memberEpoch;
      await until(async () => {
        const beat = await heartbeat(epoch);
        epoch = beat.memberEpoch;
        const [g] = await admin.describeConsumerGroups([groupId]);
        return g?.members[0]?.assignment[0]?.partitions.length === 2;
      }, 15_000);
      const [group] = got(await admin.describeConsumerGroups([groupId], { throwOnError: true }));
      expect(described.error).toBeNull();
      expect(group).toMatchObject({ groupId, state: GroupState.STABLE, assignor: 'uniform' });
      const [m] = got(group.members);
      expect(m).toMatchObject({ memberId, subscribedTopicNames: [topic] });
      expect(m.assignment).toMatchObject([{ topic, partitions: [0, 1] }]);

      const consumer = await admin.listGroups({ types: [GroupType.CONSUMER] });
      expect(consumer.groups.find((g) => g.groupId === groupId)).toMatchObject({
        type: GroupType.CONSUMER,
        state: GroupState.STABLE,
      });
      const classic = await admin.listGroups({ types: [GroupType.CLASSIC] });
      expect(classic.groups.map((g) => g.groupId)).not.toContain(groupId);
      const [asClassic] = got(await admin.describeGroups([groupId]));
      expect(asClassic.error?.errorName).toBe('GROUP_ID_NOT_FOUND');
      await expect(admin.resetGroupOffsets(groupId, [topic], 'earliest')).rejects.toThrow(GroupNotEmptyError);

      await heartbeat(MemberEpoch.LEAVE_GROUP);
      await until(
        async () => (await admin.describeConsumerGroups([groupId]))[0]?.state === GroupState.EMPTY,
        10_000,
      );
      const reset = await admin.resetGroupOffsets(groupId, [topic], 'latest', { throwOnError: true });
      expect(reset.map((r) => [r.partition, r.offset])).toEqual([
        [0, 0n],
        [1, 0n],
      ]);
    } finally {
      await admin.deleteGroups([groupId]);
      await admin.deleteTopics([topic]);
    }
  });
});

describe('cluster', () => {
  it('describes the cluster, its features and log dirs; fenced brokers need DescribeCluster v2 (4.x)', async () => {
    const cluster = await admin.describeCluster();
    expect(cluster.source).toBe('DescribeCluster');
    expect(cluster.clusterId).toBe(admin.cluster.metadata.clusterId);
    expect(cluster.brokers.map((b) => b.nodeId)).toEqual(kafka.nodes.map((n) => n.id));
    expect(cluster.brokers.at(0)).toMatchObject({
      host: '127.0.0.1',
      port: kafka.nodes.at(0)?.ports.plaintext,
      fenced: false,
    });
    expect(kafka.nodes.map((n) => n.id)).toContain(cluster.controllerId);
    if (kafka4)
      expect((await admin.describeCluster({ includeFenced: true })).brokers.length).toBe(kafka.nodes.length);
    // 3.9 speaks DescribeCluster v1: the flag cannot be carried, so it is refused, not dropped.
    else await expect(admin.describeCluster({ includeFenced: true })).rejects.toThrow(FieldVersionError);

    const { features, finalizedEpoch } = await admin.describeFeatures();
    const metadataVersion = features.find((f) => f.name === 'metadata.version');
    expect(finalizedEpoch).toBeGreaterThan(0n);
    expect(metadataVersion?.finalized?.max).toBeGreaterThan(0);
    expect(metadataVersion?.supported?.max).toBeGreaterThanOrEqual(metadataVersion?.finalized?.max ?? 0);
    if (kafka4) expect(features.map((f) => f.name)).toContain('group.version');

    const name = unique('dirs');
    await admin.createTopics([{ name, numPartitions: 2 }], { throwOnError: true });
    const producer = new PartitionProducer({ bootstrap: kafka.bootstrap, topic: name, partition: 1 });
    await producer.produceStrings(['x'.repeat(1000)]);
    producer.close();
    const dirs = await admin.describeLogDirs({
      partitions: [{ topic: name, partition: 1 }],
      throwOnError: true,
    });
    const [dir] = got(dirs);
    expect(dir.nodeId).toBe(kafka.nodes.at(0)?.id);
    expect(dir.path.length).toBeGreaterThan(0);
    expect(dir.totalBytes).toBeGreaterThan(0n);
    const [replica] = got(dirs.flatMap((d) => d.replicas));
    expect(replica).toMatchObject({ topic: name, partition: 1, isFuture: false });
    expect(replica.size).toBeGreaterThan(1000n);
    await admin.deleteTopics([name]);
  });
});

describe('SCRAM users', () => {
  it('creates a user whose password then authenticates, describes and deletes it', async () => {
    const user = unique('user');
    const password = `pw-${randomUUID()}`;
    const [created] = got(
      await admin.alterScramUsers(
        [
          { user, mechanism: ScramMechanism.SCRAM_SHA_256, password, iterations: 8192 },
          { user, mechanism: ScramMechanism.SCRAM_SHA_512, password },
        ],
        { throwOnError: true },
      ),
    );
    expect(created).toMatchObject({ user, error: null });
    // The controller accepted the change; the broker that answers Describe learns it from the
    // metadata log soon after, not at once, and one credential at a time: each is its own record
    // (fresh-clone CI runs described the user too early, then with only one credential).
    const describeUser = async () => (await admin.describeScramUsers([user]))[0];
    await until(async () => (await describeUser())?.credentials.length === 2, 10_000);
    const [described] = got(await admin.describeScramUsers([user], { throwOnError: true }));
    // The broker lists a user's credentials in no fixed order.
    const byMechanism = [...described.credentials].sort((a, b) => a.mechanism - b.mechanism);
    expect(byMechanism).toEqual([
      { mechanism: ScramMechanism.SCRAM_SHA_256, iterations: 8192 },
      { mechanism: ScramMechanism.SCRAM_SHA_512, iterations: 4096 },
    ]);
    expect((await admin.describeScramUsers()).map((u) => u.user)).toContain(user);

    // The broker verifies a login against the salted password computed here: proof it is right.
    // SCRAM credentials reach the SASL listener through the metadata log: soon, not at once.
    const login = async (mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512', secret: string) => {
      const client = new Admin({
        bootstrap: kafka.bootstraps.saslPlaintext,
        sasl: (mechanism === 'SCRAM-SHA-256' ? scramSha256 : scramSha512)({
          username: user,
          password: secret,
        }),
      });
      try {
        await client.listTopics();
        return true;
      } catch {
        return false;
      } finally {
        client.close();
      }
    };
    await until(() => login('SCRAM-SHA-256', password), 10_000);
    expect(await login('SCRAM-SHA-512', password)).toBe(true);
    expect(await login('SCRAM-SHA-256', 'wrong')).toBe(false);

    const [tooFew] = got(
      await admin.alterScramUsers([
        { user, mechanism: ScramMechanism.SCRAM_SHA_256, password, iterations: 100 },
      ]),
    );
    expect(tooFew.error?.errorName).toBe('UNACCEPTABLE_CREDENTIAL');
    await admin.alterScramUsers(
      [
        { user, mechanism: ScramMechanism.SCRAM_SHA_256, delete: true },
        { user, mechanism: ScramMechanism.SCRAM_SHA_512, delete: true },
      ],
      { throwOnError: true },
    );
    await until(async () => (await describeUser())?.error?.errorName === 'RESOURCE_NOT_FOUND', 10_000);
    const [gone] = got(await admin.describeScramUsers([user]));
    expect(gone.error?.errorName).toBe('RESOURCE_NOT_FOUND');
    const [again] = got(
      await admin.alterScramUsers([{ user, mechanism: ScramMechanism.SCRAM_SHA_256, delete: true }]),
    );
    expect(again.error?.errorName).toBe('RESOURCE_NOT_FOUND');
  });
});

describe('client quotas', () => {
  it('sets, describes, validates and removes a client-id quota', async () => {
    const clientId = unique('app');
    const entity = { [QuotaEntityType.CLIENT_ID]: clientId };
    const [set] = got(
      await admin.alterClientQuotas(
        [{ entity, set: { producer_byte_rate: 1048576, consumer_byte_rate: 2097152 } }],
        { throwOnError: true },
      ),
    );
    expect(set).toMatchObject({ entity, error: null });
    const filter = [{ entityType: QuotaEntityType.CLIENT_ID, name: clientId }] as const;
    // Each quota is its own metadata record: the broker may know one before the other.
    await until(
      async () => Object.keys((await admin.describeClientQuotas(filter))[0]?.quotas ?? {}).length === 2,
      10_000,
    );
    expect(await admin.describeClientQuotas(filter)).toEqual([
      { entity, quotas: { producer_byte_rate: 1048576, consumer_byte_rate: 2097152 } },
    ]);
    const any = await admin.describeClientQuotas([{ entityType: QuotaEntityType.CLIENT_ID, anyName: true }]);
    expect(any.map((q) => q.entity[QuotaEntityType.CLIENT_ID])).toContain(clientId);

    const [invalid] = got(await admin.alterClientQuotas([{ entity, set: { no_such_quota: 1 } }]));
    expect(invalid.error?.errorName).toBe('INVALID_REQUEST');
    await admin.alterClientQuotas([{ entity, remove: ['producer_byte_rate'] }], { throwOnError: true });
    await until(async () => {
      const [q] = await admin.describeClientQuotas(filter);
      return q !== undefined && !('producer_byte_rate' in q.quotas);
    }, 10_000);
    await admin.alterClientQuotas([{ entity, remove: ['consumer_byte_rate'] }], { throwOnError: true });
    await until(async () => (await admin.describeClientQuotas(filter)).length === 0, 10_000);
  });
});

describe('share groups', () => {
  it('lists a share group by type on 4.x; 3.9 does not speak ShareGroupHeartbeat', async () => {
    const topic = unique('sg');
    await admin.createTopics([{ name: topic, numPartitions: 1 }], { throwOnError: true });
    const groupId = unique('sgg');
    const join = () =>
      admin.cluster.call({ coordinator: { key: groupId } }, ShareGroupHeartbeat, {
        ...ShareGroupHeartbeat.newRequest(),
        groupId,
        memberId: randomUUID(),
        memberEpoch: MemberEpoch.JOIN_GROUP,
        subscribedTopicNames: [topic],
      });
    try {
      if (!kafka4) {
        await expect(join()).rejects.toThrow(UnsupportedVersionError);
        return;
      }
      expect((await join()).errorCode).toBe(0);
      const { groups } = await admin.listGroups({ types: [GroupType.SHARE], throwOnError: true });
      expect(groups.find((g) => g.groupId === groupId)).toMatchObject({
        type: GroupType.SHARE,
        protocolType: 'share',
        state: GroupState.STABLE,
      });
      const consumers = await admin.listGroups({ types: [GroupType.CONSUMER, GroupType.CLASSIC] });
      expect(consumers.groups.map((g) => g.groupId)).not.toContain(groupId);
    } finally {
      await admin.deleteTopics([topic]);
    }
  });
});
