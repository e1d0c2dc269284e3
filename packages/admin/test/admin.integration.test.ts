// Types of inject('kafka') (provided by the broker harness's vitest global setup).
/// <reference path="../../../tools/kafka/src/vitest-provide.d.ts" />
import { randomUUID } from 'node:crypto';
import { ConfigResourceType, ConfigSource, FieldVersionError, GroupState, GroupType } from '@lk/api';
import { GroupClient, PartitionProducer } from '@lk/client';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Admin, AdminError } from '../src/index.ts';

const kafka = inject('kafka');
const admin = new Admin({ bootstrap: kafka.bootstrap });
afterAll(() => admin.close());

const unique = (prefix: string) => `admin-${prefix}-${randomUUID().slice(0, 8)}`;
const TOPIC = ConfigResourceType.TOPIC;

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
