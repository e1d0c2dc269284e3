// The lk commands of every admin operation against a real broker of the version under test. This
// file starts its own single node with an authorizer (the ACL round trip needs one, the shared
// broker has none), and runs every command on it: one broker for the whole file.
/// <reference path="../../../tools/kafka/src/vitest-provide.d.ts" />
import { randomUUID } from 'node:crypto';
import { type KafkaCluster, startKafka } from '@lk/kafka-harness';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type LkResult, lkInProcess as lk } from './lk-process.ts';

let kafka: KafkaCluster;
let B: string[];
beforeAll(async () => {
  kafka = await startKafka({ nodes: 1, version: inject('kafka').version, authorizer: true, heapMb: 384 });
  B = ['-b', kafka.bootstrap]; // PLAINTEXT: ANONYMOUS, a super user
});
afterAll(async () => {
  await kafka?.stop();
});

const unique = (what: string) => `cli-admin-${what}-${randomUUID().slice(0, 8)}`;
const out = (r: LkResult) => r.stdout.toString();
const json = (r: LkResult) => JSON.parse(out(r));

async function ok(args: string[], input?: string): Promise<LkResult> {
  const r = await lk([...args, ...B], input === undefined ? {} : { input });
  expect(r.code, `lk ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

async function fails(args: string[], code: 1 | 2, message: string): Promise<void> {
  const r = await lk([...args, ...B]);
  expect(r.stderr).toContain(message);
  expect(r.code).toBe(code);
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('lk acls', () => {
  it('creates, describes and deletes an ACL on a broker with an authorizer', async () => {
    const topic = unique('acl');
    const principal = `User:${unique('alice')}`;
    const acl = ['--resource-type', 'topic', '--resource', topic, '--principal', principal];
    const created = await ok(['acls', 'create', ...acl, '--operation', 'read', '--permission', 'allow']);
    expect(created.stderr).toContain('created 1 ACL');
    const listed = json(await ok(['acls', 'describe', '--principal', principal, '-J']));
    expect(listed.acls).toEqual([expect.objectContaining({ resourceName: topic, principal, host: '*' })]);
    expect(out(await ok(['acls', 'describe', '--principal', principal]))).toMatch(
      new RegExp(`TOPIC +${topic} +LITERAL +${principal} +\\* +READ +ALLOW`),
    );
    const deleted = await ok(['acls', 'delete', ...acl]);
    expect(deleted.stderr).toContain('deleted 1 ACL(s)');
    // `acls list`: the same command by its other name.
    expect(json(await ok(['acls', 'list', '--principal', principal, '-J'])).acls).toEqual([]);
  });
});

describe('lk cluster and lk features', () => {
  it('describes the cluster and its log dirs', async () => {
    const cluster = json(await ok(['cluster', 'describe', '-J']));
    const nodeId = kafka.nodes[0]!.id;
    expect(cluster.clusterId).toMatch(/^[\w-]{22}$/);
    expect(cluster.brokers).toEqual([expect.objectContaining({ nodeId, fenced: false })]);
    expect(out(await ok(['cluster', 'describe']))).toContain(`cluster ${cluster.clusterId} controller`);

    const topic = unique('dirs');
    await ok(['topics', 'create', topic, '-p', '1']);
    await ok(['produce', topic, '-p', '0'], 'a\nb\nc\n');
    const dirs = json(await ok(['cluster', 'log-dirs', `${topic}:0`, '-J']));
    const replicas = dirs.flatMap((d: { replicas: { topic: string; size: string }[] }) => d.replicas);
    expect(replicas).toEqual([expect.objectContaining({ topic, partition: 0, isFuture: false })]);
    expect(Number(replicas[0].size)).toBeGreaterThan(0);
    expect(out(await ok(['cluster', 'log-dirs', '--replicas']))).toContain(topic);
  });

  it('describes features, validates and applies a metadata.version update, refuses a bad one', async () => {
    const described = json(await ok(['features', 'describe', '-J']));
    const mv = described.features.find((f: { name: string }) => f.name === 'metadata.version');
    const level = mv.finalized.max;
    expect(out(await ok(['features', 'describe']))).toMatch(
      new RegExp(`metadata\\.version +${mv.supported.min}-${mv.supported.max} +${level}`),
    );
    const validated = await ok(['features', 'update', `metadata.version=${level}`, '--validate-only']);
    expect(validated.stderr).toContain(`metadata.version=${level} would be accepted`);
    // For real, at the level it has: accepted, and nothing changes.
    const applied = await ok(['features', 'update', `metadata.version=${level}`]);
    expect(applied.stderr).toContain(`metadata.version is now at level ${level}`);
    await fails(
      ['features', 'update', `metadata.version=${mv.supported.max + 1}`],
      1,
      'feature metadata.version: INVALID_UPDATE_VERSION',
    );
    await fails(['features', 'update', `metadata.version=${level - 1}`], 1, "Can't downgrade");
    await fails(['features', 'update', 'metadata.version'], 2, 'expected FEATURE=LEVEL');
    await fails(
      ['features', 'update', 'metadata.version=1', '--downgrade', 'maybe'],
      2,
      '--downgrade must be one of',
    );
  });
});

describe('lk topics create-partitions|delete-records and lk groups *-offsets', () => {
  it('grows a topic, deletes records, and alters, resets and deletes a group offsets', async () => {
    const topic = unique('grow');
    await ok(['topics', 'create', topic, '-p', '1']);
    const grown = await ok(['topics', 'create-partitions', topic, '--count', '2']);
    expect(grown.stderr).toContain(`${topic} has 2 partitions`);
    expect(json(await ok(['topics', 'describe', topic, '-J']))[0].partitions).toHaveLength(2);
    await fails(
      ['topics', 'create-partitions', topic, '--count', '1'],
      1,
      `topic ${topic}: INVALID_PARTITIONS`,
    );
    await fails(['topics', 'create-partitions', topic], 2, '--count is required');

    await ok(['produce', topic, '-p', '0'], '0\n1\n2\n3\n4\n');
    await ok(['produce', topic, '-p', '1'], '5\n6\n');
    const cut = json(await ok(['topics', 'delete-records', topic, '-p', '0', '--before', '2', '-J']));
    expect(cut).toEqual([expect.objectContaining({ topic, partition: 0, lowWatermark: '2', error: null })]);
    await fails(
      ['topics', 'delete-records', topic, '-p', '0', '--before', '99'],
      1,
      `${topic}/0: OFFSET_OUT_OF_RANGE`,
    );
    await fails(
      ['topics', 'delete-records', topic, '--before', 'soon'],
      2,
      '--before must be an offset or end',
    );

    const group = unique('g');
    const altered = json(await ok(['groups', 'alter-offsets', group, `${topic}:0=3`, `${topic}:1=1`, '-J']));
    expect(altered.map((o: { offset: string }) => o.offset)).toEqual(['3', '1']);
    const committed = async () =>
      json(await ok(['groups', 'offsets', group, '-J'])).offsets.map(
        (o: { partition: number; offset: string }) => `${o.partition}:${o.offset}`,
      );
    expect(await committed()).toEqual(['0:3', '1:1']);
    const earliest = json(
      await ok(['groups', 'reset-offsets', group, topic, '--to', 'earliest', '--dry-run', '-J']),
    );
    expect(earliest.map((o: { offset: string }) => o.offset)).toEqual(['2', '0']);
    expect(await committed()).toEqual(['0:3', '1:1']); // --dry-run commits nothing
    await ok(['groups', 'reset-offsets', group, topic, '--to', 'latest']);
    expect(await committed()).toEqual(['0:5', '1:2']);
    await ok(['groups', 'reset-offsets', group, `${topic}:1`, '--to', '1']);
    expect(await committed()).toEqual(['0:5', '1:1']);
    await fails(['groups', 'reset-offsets', group, topic, '--to', 'sometime'], 2, '--to must be');
    await fails(['groups', 'alter-offsets', group, `${topic}=3`], 2, 'expected TOPIC:PARTITION');

    const deleted = await ok(['groups', 'delete-offsets', group, `${topic}:0`]);
    expect(deleted.stderr).toContain(`deleted 1 committed offset(s) of group ${group}`);
    expect(await committed()).toEqual(['1:1']);
    // delete-records --before end: every partition's log start moves to its end.
    const ends = json(await ok(['topics', 'delete-records', topic, '--before', 'end', '-J']));
    expect(ends.map((r: { lowWatermark: string }) => r.lowWatermark)).toEqual(['5', '2']);
  });
});

describe('lk scram and lk quotas', () => {
  it('sets a SCRAM password that then authenticates, describes and deletes it', async () => {
    const user = unique('bob');
    const password = `pw-${randomUUID()}`;
    const set = await ok(
      ['scram', 'set', user, '-m', 'SCRAM-SHA-512', '--password-stdin', '--iterations', '8192'],
      `${password}\n`,
    );
    expect(set.stderr).toContain(`set the SCRAM-SHA-512 credential of ${user}`);
    const asUser = [
      'metadata',
      '--brokers',
      '-b',
      kafka.bootstraps.saslPlaintext,
      '--sasl-mechanism',
      'SCRAM-SHA-512',
      '--sasl-username',
      user,
    ];
    // The controller accepts the credential; the broker learns it from the metadata log soon after.
    await until(async () => (await lk([...asUser, '--sasl-password', password])).code === 0, 15_000);
    expect((await lk([...asUser, '--sasl-password', 'wrong'])).code).toBe(1);
    const described = json(await ok(['scram', 'describe', user, '-J']));
    expect(described).toEqual([{ user, credentials: [{ mechanism: 2, iterations: 8192 }], error: null }]);
    expect(out(await ok(['scram', 'describe', user]))).toMatch(new RegExp(`${user} +SCRAM-SHA-512 +8192`));
    await fails(
      ['scram', 'set', user, '-m', 'SCRAM-SHA-1', '--password', 'x'],
      2,
      '--mechanism must be SCRAM-SHA-256 or SCRAM-SHA-512',
    );
    await fails(
      ['scram', 'set', user, '-m', 'SCRAM-SHA-256'],
      2,
      'give exactly one of --password and --password-stdin',
    );
    await ok(['scram', 'delete', user, '-m', 'SCRAM-SHA-512']);
    await until(async () => (await lk(['scram', 'describe', user, ...B])).code === 1, 15_000);
    await fails(['scram', 'describe', user], 1, `user ${user}: RESOURCE_NOT_FOUND`);
  });

  it('sets, describes, validates and removes a client quota', async () => {
    const client = unique('app');
    const entity = ['--client-id', client];
    const altered = await ok([
      'quotas',
      'alter',
      ...entity,
      '--set',
      'producer_byte_rate=1048576',
      '--set',
      'consumer_byte_rate=2097152',
    ]);
    expect(altered.stderr).toContain(`altered the quotas of client-id=${client}`);
    const quotas = async () => json(await ok(['quotas', 'describe', ...entity, '-J']));
    // Each quota is its own metadata record: the broker may know one before the other.
    await until(async () => Object.keys((await quotas())[0]?.quotas ?? {}).length === 2, 15_000);
    expect(await quotas()).toEqual([
      {
        entity: { 'client-id': client },
        quotas: { producer_byte_rate: 1048576, consumer_byte_rate: 2097152 },
      },
    ]);
    expect(out(await ok(['quotas', 'describe']))).toMatch(
      new RegExp(`client-id=${client} +producer_byte_rate +1048576`),
    );
    await ok([
      'quotas',
      'alter',
      ...entity,
      '--remove',
      'consumer_byte_rate',
      '--set',
      'producer_byte_rate=1',
      '--validate-only',
    ]);
    await fails(['quotas', 'alter', ...entity, '--set', 'no_such_quota=1'], 1, `quota client-id=${client}:`);
    await fails(['quotas', 'alter', '--set', 'producer_byte_rate=1'], 2, 'name the entity');
    await ok([
      'quotas',
      'alter',
      ...entity,
      '--remove',
      'producer_byte_rate',
      '--remove',
      'consumer_byte_rate',
    ]);
    await until(async () => (await quotas()).length === 0, 15_000);
  });
});

describe('--help', () => {
  it('every admin command has help with an example', async () => {
    const commands = [
      ['cluster', 'describe'],
      ['cluster', 'log-dirs'],
      ['features', 'describe'],
      ['features', 'update'],
      ['topics', 'create-partitions'],
      ['topics', 'delete-records'],
      ['groups', 'reset-offsets'],
      ['groups', 'alter-offsets'],
      ['groups', 'delete-offsets'],
      ['scram', 'describe'],
      ['scram', 'set'],
      ['scram', 'delete'],
      ['quotas', 'describe'],
      ['quotas', 'alter'],
    ];
    for (const words of commands) {
      const r = await lk([...words, '--help']);
      expect(r.code, words.join(' ')).toBe(0);
      expect(out(r)).toContain(`lk ${words.join(' ')}`);
      expect(out(r)).toMatch(/[Ee]xamples?:[\s\S]*lk /);
    }
  });
});
