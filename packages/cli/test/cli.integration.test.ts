// lk against the real broker, beside kcat (librdkafka): round trips both ways for every codec,
// binary values and headers; the admin commands; lk call for 10 APIs; SASL and TLS connections.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kcat, kcatConnectArgs } from '@lk/kafka-harness';
import { describe, expect, inject, it } from 'vitest';
import { kcatRaw, lk, lkCommandLine } from './lk-process.ts';

const kafka = inject('kafka');
const B = ['-b', kafka.bootstrap];
let n = 0;
const topicName = (what: string) => `cli-${what}-${Date.now()}-${n++}`;

async function createTopic(name: string, partitions = 1): Promise<void> {
  const r = await lk(['topics', 'create', name, '-p', String(partitions), ...B]);
  expect(r.stderr).toContain(`created ${name}`);
  expect(r.code).toBe(0);
}

/** Lines of values with every byte but the newline, so that line splitting keeps them intact. */
function binaryLines(count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => {
    const bytes = Buffer.alloc(64 + (i % 200));
    for (let j = 0; j < bytes.length; j++) bytes[j] = (i * 31 + j * 7) % 256;
    for (let j = 0; j < bytes.length; j++) if (bytes[j] === 0x0a || bytes[j] === 0x3a) bytes[j] = 0x0b;
    return bytes;
  });
}

const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

describe('lk produce | kcat and kcat | lk consume', () => {
  for (const codec of CODECS) {
    it(`round trips binary values with keys and headers, ${codec}`, async () => {
      const values = binaryLines(300);
      const input = Buffer.concat(values.flatMap((v, i) => [Buffer.from(`key-${i}:`), v, Buffer.from('\n')]));

      // lk produces, kcat reads.
      const toKcat = topicName(`to-kcat-${codec}`);
      await createTopic(toKcat, 3);
      const produced = await lk(
        ['produce', toKcat, ...B, '-K', ':', '-H', 'source=lk', '-H', 'codec=' + codec, '-z', codec],
        { input },
      );
      expect(produced.stderr).toMatch(/produced 300 records/);
      expect(produced.code).toBe(0);
      const read = await kcatRaw([
        ...kcatConnectArgs(kafka, 'plaintext'),
        '-C',
        '-t',
        toKcat,
        '-e',
        '-q',
        '-o',
        'beginning',
        '-f',
        '%k:%s|%h\n',
      ]);
      const lines = splitRecords(read.stdout, '\n');
      expect(lines).toHaveLength(300);
      const expected = values.map((v, i) =>
        Buffer.concat([Buffer.from(`key-${i}:`), v, Buffer.from(`|source=lk,codec=${codec}`)]),
      );
      expect(sortBuffers(lines)).toEqual(sortBuffers(expected));

      // kcat produces, lk reads.
      const fromKcat = topicName(`from-kcat-${codec}`);
      await createTopic(fromKcat, 1);
      const written = await kcat(
        [
          ...kcatConnectArgs(kafka, 'plaintext'),
          '-P',
          '-t',
          fromKcat,
          '-p',
          '0',
          '-K',
          ':',
          '-H',
          'h1=v1',
          '-z',
          codec === 'none' ? 'none' : codec,
        ],
        { input },
      );
      expect(written.code).toBe(0);
      const consumed = await lk(['consume', fromKcat, ...B, '-o', 'beginning', '-e', '-f', '%k:%s|%h\n']);
      expect(consumed.code).toBe(0);
      const got = splitRecords(consumed.stdout, '\n');
      expect(got).toEqual(
        values.map((v, i) => Buffer.concat([Buffer.from(`key-${i}:`), v, Buffer.from('|h1=v1')])),
      );
      expect(consumed.stderr).toMatch(/consumed 300 records/);
    });
  }

  it('JSON lines carry non-UTF-8 values as base64, offsets as strings; -c, -o -N, -o @time and -p', async () => {
    const topic = topicName('json');
    await createTopic(topic, 2);
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    await kcat([...kcatConnectArgs(kafka, 'plaintext'), '-P', '-t', topic, '-p', '1', '-K', ':'], {
      input: Buffer.concat([Buffer.from('k:'), binary, Buffer.from('\nk2:text\n')]),
    });
    const before = Date.now();
    await kcat([...kcatConnectArgs(kafka, 'plaintext'), '-P', '-t', topic, '-p', '1'], { input: 'later\n' });
    const r = await lk(['consume', topic, ...B, '-o', 'beginning', '-e', '-J']);
    const records = r.stdout
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(records).toMatchObject([
      {
        topic,
        partition: 1,
        offset: '0',
        key: 'k',
        value: { base64: binary.toString('base64') },
        headers: [],
      },
      { partition: 1, offset: '1', key: 'k2', value: 'text' },
      { partition: 1, offset: '2', key: null, value: 'later' },
    ]);
    const last = await lk(['consume', topic, ...B, '-o', '-1', '-e', '-p', '1', '-f', '%o %s\n']);
    expect(last.stdout.toString()).toBe('2 later\n');
    const counted = await lk(['consume', topic, ...B, '-o', 'beginning', '-c', '2', '-f', '%o\n']);
    expect(counted.stdout.toString()).toBe('0\n1\n');
    const since = await lk(['consume', topic, ...B, '-o', `@${before - 1}`, '-e', '-f', '%s\n']);
    expect(since.stdout.toString()).toBe('later\n');
    const absolute = await lk(['consume', topic, ...B, '-p', '1', '-o', '1', '-c', '1', '-f', '%s\n']);
    expect(absolute.stdout.toString()).toBe('text\n');
  });

  it('a group consumes, commits, and lk lag / groups / offsets show it', async () => {
    const topic = topicName('group');
    await createTopic(topic, 2);
    await lk(['produce', topic, ...B, '--partitioner', 'round-robin'], { input: 'a\nb\nc\nd\n' });
    const group = `${topic}-g`;
    const consumed = await lk(['consume', topic, ...B, '-G', group, '-o', 'beginning', '-e', '-f', '%s\n']);
    expect(consumed.code).toBe(0);
    expect(consumed.stdout.toString().split('\n').filter(Boolean).sort()).toEqual(['a', 'b', 'c', 'd']);
    await lk(['produce', topic, ...B, '-p', '0'], { input: 'e\nf\n' });
    const lag = await lk(['lag', group, ...B, '-J']);
    expect(lag.code).toBe(0);
    const report = JSON.parse(lag.stdout.toString());
    expect(report.totalLag).toBe('2');
    expect(report.partitions).toHaveLength(2);
    const offsets = await lk(['offsets', topic, ...B, '-J']);
    const parts = JSON.parse(offsets.stdout.toString()).partitions;
    expect(
      parts.map((p: { latest: string }) => Number(p.latest)).reduce((a: number, b: number) => a + b),
    ).toBe(6);
    const listed = await lk(['groups', 'list', ...B]);
    expect(listed.stdout.toString()).toContain(group);
    const committed = await lk(['groups', 'offsets', group, ...B, '-J']);
    expect(JSON.parse(committed.stdout.toString()).offsets).toHaveLength(2);
    const deleted = await lk(['groups', 'delete', group, ...B]);
    expect(deleted.code).toBe(0);
  });
});

function splitRecords(data: Buffer, delimiter: string): Buffer[] {
  const out: Buffer[] = [];
  let from = 0;
  for (;;) {
    const at = data.indexOf(delimiter, from);
    if (at < 0) break;
    out.push(data.subarray(from, at));
    from = at + delimiter.length;
  }
  return out;
}

function sortBuffers(list: Buffer[]): Buffer[] {
  return [...list].sort(Buffer.compare);
}

describe('admin commands', () => {
  it('topics, configs, metadata; failures exit 1 and name the entry', async () => {
    const topic = topicName('admin');
    await createTopic(topic, 2);
    const again = await lk(['topics', 'create', topic, ...B]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`topic ${topic}: TOPIC_ALREADY_EXISTS`);
    expect((await lk(['topics', 'create', topic, '--if-not-exists', ...B])).code).toBe(0);
    const list = await lk(['topics', 'list', ...B]);
    expect(list.stdout.toString().split('\n')).toContain(topic);
    const described = await lk(['topics', 'describe', topic, ...B, '-J']);
    expect(JSON.parse(described.stdout.toString())[0].partitions).toHaveLength(2);
    const meta = await lk(['metadata', topic, ...B]);
    expect(meta.stdout.toString()).toMatch(new RegExp(`topic ${topic} with 2 partitions`));
    const altered = await lk(['configs', 'alter', 'topic', topic, '--set', 'retention.ms=123456', ...B]);
    expect(altered.code).toBe(0);
    const configs = await lk(['configs', 'describe', 'topic', topic, ...B, '-J']);
    const retention = JSON.parse(configs.stdout.toString()).configs.find(
      (c: { name: string }) => c.name === 'retention.ms',
    );
    expect(retention.value).toBe('123456');
    const invalid = await lk(['configs', 'alter', 'topic', topic, '--set', 'no.such.config=1', ...B]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('INVALID_CONFIG');
    const missing = await lk(['consume', 'no-such-topic-cli', ...B, '-e']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('topic no-such-topic-cli: UNKNOWN_TOPIC_OR_PARTITION');
    expect((await lk(['topics', 'delete', topic, ...B])).code).toBe(0);
  });
});

describe('lk perf and lk acls', () => {
  it('perf produce and perf consume print throughput and latency percentiles', async () => {
    const topic = topicName('perf');
    await createTopic(topic, 2);
    const produced = await lk(['perf', 'produce', topic, ...B, '-n', '5000', '-s', '200', '-z', 'lz4']);
    expect(produced.code).toBe(0);
    expect(produced.stdout.toString()).toMatch(
      /^5,000 records sent, [\d,]+ records\/s, .* p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms, p99\.9 [\d.]+ ms/,
    );
    const consumed = await lk(['perf', 'consume', topic, ...B, '-n', '5000']);
    expect(consumed.code).toBe(0);
    expect(consumed.stdout.toString()).toMatch(/^5,000 records read \(976\.6 KiB\), [\d,]+ records\/s/);
  });

  it('acls: the shared broker has no authorizer, which is reported per entry with exit 1', async () => {
    const listed = await lk(['acls', 'list', ...B]);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain('SECURITY_DISABLED');
    const bad = await lk(['acls', 'create', ...B, '--resource-type', 'table']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--resource-type must be one of any, topic, group, cluster');
  });
});

describe('lk call', () => {
  it('answers 11 different APIs from JSON, int64 as strings', async () => {
    const topic = topicName('call');
    await createTopic(topic, 1);
    await lk(['produce', topic, ...B], { input: 'x\ny\n' });
    const group = `${topic}-g`;
    await lk(['consume', topic, ...B, '-G', group, '-o', 'beginning', '-e', '-q']);
    const call = async (api: string, json: object, ...extra: string[]) => {
      const r = await lk(['call', api, ...B, '--json', JSON.stringify(json), '--compact', ...extra]);
      expect(r.code, `${api}: ${r.stderr}`).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^${api} v\\d+ answered by node`));
      return JSON.parse(r.stdout.toString());
    };
    expect((await call('ApiVersions', {})).apiKeys.length).toBeGreaterThan(50);
    expect((await call('Metadata', { topics: [{ name: topic }] })).topics[0].partitions).toHaveLength(1);
    const offsets = await call(
      'ListOffsets',
      {
        replicaId: -1,
        topics: [
          { name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: '-1' }] },
        ],
      },
      '--leader',
      `${topic}:0`,
    );
    expect(offsets.topics[0].partitions[0]).toMatchObject({ errorCode: 0, offset: '2' });
    const configs = await call('DescribeConfigs', { resources: [{ resourceType: 2, resourceName: topic }] });
    expect(configs.results[0].errorCode).toBe(0);
    expect(
      (await call('FindCoordinator', { keyType: 0, coordinatorKeys: [group] })).coordinators[0].errorCode,
    ).toBe(0);
    expect((await call('ListGroups', {})).errorCode).toBe(0);
    expect((await call('DescribeCluster', {})).errorCode).toBe(0);
    const fetched = await call(
      'OffsetFetch',
      { groups: [{ groupId: group, topics: null }] },
      '--coordinator',
      group,
    );
    expect(fetched.groups[0].topics[0].partitions[0].committedOffset).toBe('2');
    const created = await call('CreateTopics', {
      topics: [{ name: `${topic}-2`, numPartitions: 1, replicationFactor: 1 }],
      timeoutMs: 30000,
    });
    expect(created.topics[0].errorCode).toBe(0);
    expect((await call('DescribeLogDirs', { topics: null })).results.length).toBeGreaterThan(0);
    const producers = await call(
      'DescribeProducers',
      { topics: [{ name: topic, partitionIndexes: [0] }] },
      '--leader',
      `${topic}:0`,
    );
    expect(producers.topics[0].partitions[0].errorCode).toBe(0);
    expect(producers.topics[0].partitions[0].activeProducers.length).toBeGreaterThan(0); // lk produce is idempotent
    // A KIP-848 group on 4.x is not a classic group: the coordinator answers, with its error code.
    const described = await call('DescribeGroups', { groups: [group] }, '--coordinator', group);
    expect(described.groups[0].groupId).toBe(group);
  });
});

describe('connections', () => {
  it('SASL from a Java properties file and from env; TLS with a CA file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lk-cli-props-'));
    const file = join(dir, 'client.properties');
    const { scram, plain } = kafka.users;
    writeFileSync(
      file,
      [
        `bootstrap.servers=${kafka.bootstraps.saslPlaintext}`,
        'security.protocol=SASL_PLAINTEXT',
        'sasl.mechanism=SCRAM-SHA-512',
        `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${scram.username}" password="${scram.password}";`,
      ].join('\n'),
    );
    const viaFile = await lk(['metadata', '--brokers', '-F', file]);
    expect(viaFile.stderr).toBe('');
    expect(viaFile.code).toBe(0);
    const viaEnv = await lk(['metadata', '--brokers'], {
      env: {
        LK_BOOTSTRAP: kafka.bootstraps.saslPlaintext,
        LK_SASL_MECHANISM: 'PLAIN',
        LK_SASL_USERNAME: plain.username,
        LK_SASL_PASSWORD: plain.password,
      },
    });
    expect(viaEnv.code).toBe(0);
    const wrong = await lk(['metadata', '-F', file, '--sasl-password', 'wrong']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/SASL|auth/i);
    const tls = await lk(['metadata', '--brokers', '-b', kafka.bootstraps.ssl, '--tls-ca', kafka.tls.caPem]);
    expect(tls.stderr).toBe('');
    expect(tls.code).toBe(0);
  });
});

describe('progress line', () => {
  it('is drawn on stderr when stderr is a terminal (tmux)', async () => {
    const topic = topicName('progress');
    await createTopic(topic, 1);
    const session = `lk-cli-progress-${process.pid}-${Date.now()}`;
    // Slow enough that lk has started (node, metadata) before the input ends, even on a loaded machine.
    const feed = 'for i in $(seq 1 80); do echo line-$i; sleep 0.15; done';
    const command = `${feed} | ${lkCommandLine(['produce', topic, ...B])} >/dev/null; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '160', '-y', '10', command]);
    try {
      let progress = '';
      let summary = '';
      for (let i = 0; i < 400 && summary === ''; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const screen = execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
        const line = screen.split('\n').find((l) => /records delivered/.test(l));
        if (line !== undefined) progress = line;
        const done = screen.split('\n').find((l) => /^produced 80 records/.test(l));
        if (done !== undefined) summary = done;
      }
      expect(progress).toMatch(/^\d+ records delivered, [\d.]+ (B|KiB) read, \d+ records\/s/);
      expect(summary).toMatch(/^produced 80 records/);
    } finally {
      execFileSync('tmux', ['kill-session', '-t', session]);
    }
  });
});
