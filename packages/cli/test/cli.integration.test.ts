// lk against the real broker, beside kcat (librdkafka): round trips both ways for every codec,
// binary values and headers; the admin commands; lk call for 10 APIs; SASL and TLS connections.
// A Node process per lk run costs ~0.5 s of CPU (more on a loaded CI machine): lk runs as a process
// where the process is what is tested (pipes with kcat, exit codes, the terminal), and otherwise
// in this process through run(), the same function the bin calls; topics are made by the harness
// (lk topics create is tested in the admin tests) and the codecs share one topic each way.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTopic as createTopicIn, kcat, kcatConnectArgs } from '@lk/kafka-harness';
import { describe, expect, inject, it } from 'vitest';
import { kcatRaw, lk, lkCommandLine, lkInProcess } from './lk-process.ts';

const kafka = inject('kafka');
const B = ['-b', kafka.bootstrap];
let n = 0;
const topicName = (what: string) => `cli-${what}-${Date.now()}-${n++}`;

function createTopic(name: string, partitions = 1): Promise<void> {
  return createTopicIn(kafka, name, { partitions });
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
const PER_CODEC = 300;

describe('lk produce | kcat and kcat | lk consume', () => {
  // One topic each way for all codecs: each codec's records are told apart by their keys
  // (and, from lk, a header), and a partition holding batches of every codec proves each decoder.
  const values = binaryLines(PER_CODEC);
  const inputOf = (codec: string) =>
    Buffer.concat(values.flatMap((v, i) => [Buffer.from(`${codec}-${i}:`), v, Buffer.from('\n')]));

  it('round trips binary values with keys and headers, every codec, lk to kcat', async () => {
    const toKcat = topicName('to-kcat');
    await createTopic(toKcat, 3);
    // All at once; the first as a process (stdin a pipe), the others in this process.
    const produced = await Promise.all(
      CODECS.map((codec, i) =>
        (i === 0 ? lk : lkInProcess)(
          ['produce', toKcat, ...B, '-K', ':', '-H', 'source=lk', '-H', `codec=${codec}`, '-z', codec],
          { input: inputOf(codec) },
        ),
      ),
    );
    for (const r of produced) {
      expect(r.stderr).toMatch(new RegExp(`produced ${PER_CODEC} records`));
      expect(r.code).toBe(0);
    }
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
    expect(lines).toHaveLength(PER_CODEC * CODECS.length);
    const expected = CODECS.flatMap((codec) =>
      values.map((v, i) =>
        Buffer.concat([Buffer.from(`${codec}-${i}:`), v, Buffer.from(`|source=lk,codec=${codec}`)]),
      ),
    );
    expect(sortBuffers(lines)).toEqual(sortBuffers(expected));
  });

  it('round trips binary values with keys and headers, every codec, kcat to lk', async () => {
    const fromKcat = topicName('from-kcat');
    await createTopic(fromKcat, 1);
    // One after the other into one partition: the order lk must print them in.
    for (const codec of CODECS) {
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
          `h1=${codec}`,
          '-z',
          codec,
        ],
        { input: inputOf(codec) },
      );
      expect(written.code).toBe(0);
    }
    const consumed = await lk(['consume', fromKcat, ...B, '-o', 'beginning', '-e', '-f', '%k:%s|%h\n']);
    expect(consumed.code).toBe(0);
    const got = splitRecords(consumed.stdout, '\n');
    expect(got).toEqual(
      CODECS.flatMap((codec) =>
        values.map((v, i) => Buffer.concat([Buffer.from(`${codec}-${i}:`), v, Buffer.from(`|h1=${codec}`)])),
      ),
    );
    expect(consumed.stderr).toContain(
      `consumed ${(PER_CODEC * CODECS.length).toLocaleString('en-US')} records`,
    );
  });

  it('reads FILEs and - (stdin) in order, and a file redirected to stdin, across 1 MiB read chunks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lk-cli-files-'));
    // ~2.6 MiB of numbered lines: read chunk seams fall inside lines.
    const big = Buffer.from(Array.from({ length: 9000 }, (_, i) => `${i}:${'x'.repeat(i % 500)}\n`).join(''));
    const [fileA, fileB] = [join(dir, 'a.txt'), join(dir, 'b.txt')];
    writeFileSync(fileA, big);
    writeFileSync(fileB, 'b1\nb2'); // no newline at the end: still a record
    const consumeAll = async (topic: string) =>
      (await lkInProcess(['consume', topic, ...B, '-o', 'beginning', '-e', '-q'])).stdout;
    const inOrder = topicName('files');
    await createTopic(inOrder, 1);
    const produced = await lkInProcess(['produce', inOrder, fileA, '-', fileB, ...B], { input: 's1\ns2\n' });
    expect(produced.stderr).toContain('produced 9,004 records');
    // equals(): a failing toEqual of megabytes takes minutes to print.
    const expected = Buffer.concat([big, Buffer.from('s1\ns2\nb1\nb2\n')]);
    expect((await consumeAll(inOrder)).equals(expected)).toBe(true);
    // As a process with stdin redirected from the file (read as a file, not as a stream).
    const redirected = topicName('stdin-file');
    await createTopic(redirected, 1);
    const summary = execFileSync(
      'bash',
      ['-c', `${lkCommandLine(['produce', redirected, ...B])} < '${fileA}' 2>&1 >/dev/null`],
      { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(summary).toContain('produced 9,000 records');
    expect((await consumeAll(redirected)).equals(big)).toBe(true);
  });

  it('JSON lines carry non-UTF-8 values as base64, offsets as strings; -c, -o -N, -o @time and -p', async () => {
    const topic = topicName('json');
    await createTopic(topic, 2);
    const binary = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    await kcat([...kcatConnectArgs(kafka, 'plaintext'), '-P', '-t', topic, '-p', '1', '-K', ':'], {
      input: Buffer.concat([Buffer.from('k:'), binary, Buffer.from('\nk2:text\n')]),
    });
    const before = Date.now();
    await kcat([...kcatConnectArgs(kafka, 'plaintext'), '-P', '-t', topic, '-p', '1'], { input: 'later\n' });
    const r = await lkInProcess(['consume', topic, ...B, '-o', 'beginning', '-e', '-J']);
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
    const last = await lkInProcess(['consume', topic, ...B, '-o', '-1', '-e', '-p', '1', '-f', '%o %s\n']);
    expect(last.stdout.toString()).toBe('2 later\n');
    const counted = await lkInProcess(['consume', topic, ...B, '-o', 'beginning', '-c', '2', '-f', '%o\n']);
    expect(counted.stdout.toString()).toBe('0\n1\n');
    const since = await lkInProcess(['consume', topic, ...B, '-o', `@${before - 1}`, '-e', '-f', '%s\n']);
    expect(since.stdout.toString()).toBe('later\n');
    const absolute = await lkInProcess([
      'consume',
      topic,
      ...B,
      '-p',
      '1',
      '-o',
      '1',
      '-c',
      '1',
      '-f',
      '%s\n',
    ]);
    expect(absolute.stdout.toString()).toBe('text\n');
  });

  it('a group consumes, commits, and lk lag / groups / offsets show it', async () => {
    const topic = topicName('group');
    await createTopic(topic, 2);
    await lkInProcess(['produce', topic, ...B, '--partitioner', 'round-robin'], { input: 'a\nb\nc\nd\n' });
    const group = `${topic}-g`;
    const consumed = await lkInProcess([
      'consume',
      topic,
      ...B,
      '-G',
      group,
      '-o',
      'beginning',
      '-e',
      '-f',
      '%s\n',
    ]);
    expect(consumed.code).toBe(0);
    expect(consumed.stdout.toString().split('\n').filter(Boolean).sort()).toEqual(['a', 'b', 'c', 'd']);
    await lkInProcess(['produce', topic, ...B, '-p', '0'], { input: 'e\nf\n' });
    const lag = await lkInProcess(['lag', group, ...B, '-J']);
    expect(lag.code).toBe(0);
    const report = JSON.parse(lag.stdout.toString());
    expect(report.totalLag).toBe('2');
    expect(report.partitions).toHaveLength(2);
    const offsets = await lkInProcess(['offsets', topic, ...B, '-J']);
    const parts = JSON.parse(offsets.stdout.toString()).partitions;
    expect(
      parts.map((p: { latest: string }) => Number(p.latest)).reduce((a: number, b: number) => a + b),
    ).toBe(6);
    const listed = await lkInProcess(['groups', 'list', ...B]);
    expect(listed.stdout.toString()).toContain(group);
    const committed = await lkInProcess(['groups', 'offsets', group, ...B, '-J']);
    expect(JSON.parse(committed.stdout.toString()).offsets).toHaveLength(2);
    const deleted = await lkInProcess(['groups', 'delete', group, ...B]);
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
    const created = await lkInProcess(['topics', 'create', topic, '-p', '2', ...B]);
    expect(created.stderr).toContain(`created ${topic}`);
    expect(created.code).toBe(0);
    const again = await lkInProcess(['topics', 'create', topic, ...B]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`topic ${topic}: TOPIC_ALREADY_EXISTS`);
    expect((await lkInProcess(['topics', 'create', topic, '--if-not-exists', ...B])).code).toBe(0);
    const list = await lkInProcess(['topics', 'list', ...B]);
    expect(list.stdout.toString().split('\n')).toContain(topic);
    const described = await lkInProcess(['topics', 'describe', topic, ...B, '-J']);
    expect(JSON.parse(described.stdout.toString())[0].partitions).toHaveLength(2);
    const meta = await lkInProcess(['metadata', topic, ...B]);
    expect(meta.stdout.toString()).toMatch(new RegExp(`topic ${topic} with 2 partitions`));
    const altered = await lkInProcess([
      'configs',
      'alter',
      'topic',
      topic,
      '--set',
      'retention.ms=123456',
      ...B,
    ]);
    expect(altered.code).toBe(0);
    const configs = await lkInProcess(['configs', 'describe', 'topic', topic, ...B, '-J']);
    const retention = JSON.parse(configs.stdout.toString()).configs.find(
      (c: { name: string }) => c.name === 'retention.ms',
    );
    expect(retention.value).toBe('123456');
    const invalid = await lkInProcess([
      'configs',
      'alter',
      'topic',
      topic,
      '--set',
      'no.such.config=1',
      ...B,
    ]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('INVALID_CONFIG');
    // As a process: the exit code of a failed command.
    const missing = await lk(['consume', 'no-such-topic-cli', ...B, '-e']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('topic no-such-topic-cli: UNKNOWN_TOPIC_OR_PARTITION');
    expect((await lkInProcess(['topics', 'delete', topic, ...B])).code).toBe(0);
  });
});

describe('lk perf and lk acls', () => {
  it('perf produce and perf consume print throughput and latency percentiles', async () => {
    const topic = topicName('perf');
    await createTopic(topic, 2);
    const produced = await lkInProcess([
      'perf',
      'produce',
      topic,
      ...B,
      '-n',
      '5000',
      '-s',
      '200',
      '-z',
      'lz4',
    ]);
    expect(produced.code).toBe(0);
    expect(produced.stdout.toString()).toMatch(
      /^5,000 records sent, [\d,]+ records\/s, .* p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms, p99\.9 [\d.]+ ms/,
    );
    const consumed = await lkInProcess(['perf', 'consume', topic, ...B, '-n', '5000']);
    expect(consumed.code).toBe(0);
    expect(consumed.stdout.toString()).toMatch(/^5,000 records read \(976\.6 KiB\), [\d,]+ records\/s/);
  });

  it('acls: the shared broker has no authorizer, which is reported per entry with exit 1', async () => {
    const listed = await lkInProcess(['acls', 'describe', ...B]);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toContain('SECURITY_DISABLED');
    // As a process: the usage error's exit code.
    const bad = await lk(['acls', 'create', ...B, '--resource-type', 'table']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--resource-type must be one of any, topic, group, cluster');
  });
});

describe('lk call', () => {
  it('answers 11 different APIs from JSON, int64 as strings', async () => {
    const topic = topicName('call');
    await createTopic(topic, 1);
    await lkInProcess(['produce', topic, ...B], { input: 'x\ny\n' });
    const group = `${topic}-g`;
    await lkInProcess(['consume', topic, ...B, '-G', group, '-o', 'beginning', '-e', '-q']);
    const call = async (api: string, json: object, ...extra: string[]) => {
      const r = await lkInProcess(['call', api, ...B, '--json', JSON.stringify(json), '--compact', ...extra]);
      expect(r.code, `${api}: ${r.stderr}`).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`^${api} v\\d+ answered by node`));
      return JSON.parse(r.stdout.toString());
    };
    // Independent of each other: run at once (each is a process of its own).
    const [
      versions,
      metadata,
      offsets,
      configs,
      coordinator,
      groups,
      cluster,
      fetched,
      created,
      logDirs,
      producers,
      described,
    ] = await Promise.all([
      call('ApiVersions', {}),
      call('Metadata', { topics: [{ name: topic }] }),
      call(
        'ListOffsets',
        {
          replicaId: -1,
          topics: [
            { name: topic, partitions: [{ partitionIndex: 0, currentLeaderEpoch: -1, timestamp: '-1' }] },
          ],
        },
        '--leader',
        `${topic}:0`,
      ),
      call('DescribeConfigs', { resources: [{ resourceType: 2, resourceName: topic }] }),
      call('FindCoordinator', { keyType: 0, coordinatorKeys: [group] }),
      call('ListGroups', {}),
      call('DescribeCluster', {}),
      call('OffsetFetch', { groups: [{ groupId: group, topics: null }] }, '--coordinator', group),
      call('CreateTopics', {
        topics: [{ name: `${topic}-2`, numPartitions: 1, replicationFactor: 1 }],
        timeoutMs: 30000,
      }),
      call('DescribeLogDirs', { topics: null }),
      call(
        'DescribeProducers',
        { topics: [{ name: topic, partitionIndexes: [0] }] },
        '--leader',
        `${topic}:0`,
      ),
      call('DescribeGroups', { groups: [group] }, '--coordinator', group),
    ]);
    expect(versions.apiKeys.length).toBeGreaterThan(50);
    expect(metadata.topics[0].partitions).toHaveLength(1);
    expect(offsets.topics[0].partitions[0]).toMatchObject({ errorCode: 0, offset: '2' });
    expect(configs.results[0].errorCode).toBe(0);
    expect(coordinator.coordinators[0].errorCode).toBe(0);
    expect(groups.errorCode).toBe(0);
    expect(cluster.errorCode).toBe(0);
    expect(fetched.groups[0].topics[0].partitions[0].committedOffset).toBe('2');
    expect(created.topics[0].errorCode).toBe(0);
    expect(logDirs.results.length).toBeGreaterThan(0);
    expect(producers.topics[0].partitions[0].errorCode).toBe(0);
    expect(producers.topics[0].partitions[0].activeProducers.length).toBeGreaterThan(0); // lk produce is idempotent
    // A KIP-848 group on 4.x is not a classic group: the coordinator answers, with its error code.
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
    const viaFile = await lkInProcess(['metadata', '--brokers', '-F', file]);
    expect(viaFile.stderr).toBe('');
    expect(viaFile.code).toBe(0);
    const viaEnv = await lkInProcess(['metadata', '--brokers'], {
      env: {
        LK_BOOTSTRAP: kafka.bootstraps.saslPlaintext,
        LK_SASL_MECHANISM: 'PLAIN',
        LK_SASL_USERNAME: plain.username,
        LK_SASL_PASSWORD: plain.password,
      },
    });
    expect(viaEnv.code).toBe(0);
    const wrong = await lkInProcess(['metadata', '-F', file, '--sasl-password', 'wrong']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/SASL|auth/i);
    const tls = await lkInProcess([
      'metadata',
      '--brokers',
      '-b',
      kafka.bootstraps.ssl,
      '--tls-ca',
      kafka.tls.caPem,
    ]);
    expect(tls.stderr).toBe('');
    expect(tls.code).toBe(0);
  });
});

describe('progress line', () => {
  it('is drawn on stderr when stderr is a terminal (tmux)', async () => {
    const topic = topicName('progress');
    await createTopic(topic, 1);
    const session = `lk-cli-progress-${process.pid}-${Date.now()}`;
    // lk reads a FIFO the test writes: lines go in until the progress line showed (however long
    // node and the metadata take on a loaded machine), then a few more, then the input ends.
    const fifo = join(mkdtempSync(join(tmpdir(), 'lk-cli-progress-')), 'input');
    execFileSync('mkfifo', [fifo]);
    const command = `${lkCommandLine(['produce', topic, ...B])} < '${fifo}' >/dev/null; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '160', '-y', '10', command]);
    const screen = () =>
      execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' }).split('\n');
    try {
      const input = await open(fifo, 'w');
      let written = 0;
      let progress = '';
      // Bounded by time, not by rounds: a round (a capture-pane) takes longer on a loaded machine.
      let deadline = Date.now() + 90_000;
      let more = 5; // lines written after the progress line first showed
      while (more > 0 && Date.now() < deadline) {
        await input.write(`line-${++written}\n`);
        await new Promise((r) => setTimeout(r, 50));
        const line = screen().find((l) => /records delivered/.test(l));
        if (line !== undefined) progress = line;
        if (progress !== '') more--;
      }
      await input.close();
      let summary = '';
      deadline = Date.now() + 60_000;
      while (summary === '' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        summary = screen().find((l) => /^produced \d+ records/.test(l)) ?? '';
      }
      expect(progress).toMatch(/^\d+ records delivered, [\d.]+ (B|KiB) read, \d+ records\/s/);
      expect(summary).toMatch(new RegExp(`^produced ${written} records`));
    } finally {
      execFileSync('tmux', ['kill-session', '-t', session]);
    }
  });
});
