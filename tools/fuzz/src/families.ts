// What is fuzzed: every response decoder the clients use (seeded with real broker answers), Fetch
// with record sets, record batches with each codec, the frame decoder, the clients' own peeks, and
// the consumer protocol's member metadata and assignments (bytes other members send via the broker).
import { readFileSync } from 'node:fs';
import { DescribeGroups, decodeResponseFrame, readCorrelationId } from '@lk/api';
import { type BrokerApiDefinition, brokerApiByKey, encodeResponseFrame, Fetch } from '@lk/api/broker';
import { Builder, type Decompressor, readRecordSet } from '@lk/batch';
import { readHexFixture } from '@lk/codec-testkit/hex-fixture';
import { gzip } from '@lk/compress-gzip';
import { lz4 } from '@lk/compress-lz4';
import { snappy } from '@lk/compress-snappy';
import { zstd } from '@lk/compress-zstd';
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription } from '@lk/consumer';
import { FrameDecoder, LkError } from '@lk/wire';
// The fetchers' header peeks are internal to @lk/client and @lk/consumer; the fuzz run reaches them directly.
import { peekNextOffset } from '../../../packages/client/src/record-set-end.ts';
import { recordSetTail } from '../../../packages/consumer/src/fetch/record-set-tail.ts';

/** One thing to fuzz. */
export interface Family {
  name: string;
  seeds: Uint8Array[];
  /** Decodes one input; anything it throws that is not an LkError is a failure. */
  decode(bytes: Uint8Array, seed: number): void;
  /** Most ArrayBuffer memory one input may leave allocated, for its size. */
  maxAllocation(inputLength: number): number;
  /** Re-seal every other input's batch CRCs, so mutations get past the CRC to the codecs. */
  reseal?: boolean;
}

const root = new URL('../../../', import.meta.url);
const decompressors: Decompressor[] = [gzip(), snappy(), lz4(), zstd()];
/** Kept small so that an input that decompresses too far is cheap. */
const MAX_DECOMPRESSED = 1 << 20;
const MiB = 1 << 20;

interface Captured {
  api: BrokerApiDefinition<unknown, unknown>;
  version: number;
  frame: Uint8Array;
}

function captured(path: string): Captured[] {
  const raw = JSON.parse(readFileSync(new URL(path, root), 'utf8')) as {
    fixtures: { apiKey: number; version: number; frame: string }[];
  };
  return raw.fixtures.map((f) => ({
    api: brokerApiByKey(f.apiKey)!,
    version: f.version,
    frame: new Uint8Array(Buffer.from(f.frame, 'hex')),
  }));
}

const answers = [
  ...captured('packages/api/test/fixtures/broker-responses.json'),
  ...captured('tools/fuzz/fixtures/broker-responses.json'),
];

/** Record sets a real broker returned: Java and kcat producers, each codec (and none). */
function brokerRecordSets(codec: string): Uint8Array[] {
  if (codec === 'none') {
    return ['java-records.hex', 'kcat-records.hex'].map((f) =>
      readHexFixture(new URL(`tools/codec-testkit/test/fixtures/batch/${f}`, root)),
    );
  }
  return ['java.hex', 'kcat.hex'].map((f) =>
    readHexFixture(new URL(`packages/compress-${codec}/test/fixtures/broker/${f}`, root)),
  );
}

/** What the fetchers do with a partition's records: the header peeks, then decoding them. */
function readRecords(records: Uint8Array): void {
  peekNextOffset(records);
  recordSetTail(records);
  readRecordSet(records, { decompressors, maxDecompressedSize: MAX_DECOMPRESSED });
}

/** A Fetch answer at `version` carrying `records` (the broker's own record sets, in a frame). */
function fetchFrame(version: number, records: Uint8Array): Uint8Array {
  const partition = {
    partitionIndex: 0,
    errorCode: 0,
    highWatermark: 200n,
    lastStableOffset: 200n,
    logStartOffset: 0n,
    divergingEpoch: { epoch: -1, endOffset: -1n },
    currentLeader: { leaderId: -1, leaderEpoch: -1 },
    snapshotId: { endOffset: -1n, epoch: -1 },
    abortedTransactions: [],
    preferredReadReplica: -1,
    records,
  };
  const body = {
    ...Fetch.newResponse(),
    responses: [{ topic: 'fuzz', topicId: 'AAAAAAAAAAAAAAAAAAAAAQ', partitions: [partition] }],
  };
  return encodeResponseFrame(Fetch, version, 1, body).subarray(4);
}

function responseFamily(name: string): Family {
  const mine = answers.filter((a) => a.api.name === name);
  if (mine.length === 0) throw new Error(`no captured ${name} answer`);
  return {
    name,
    seeds: mine.map((a) => a.frame),
    decode: (bytes, seed) => decodeResponseFrame(mine[seed]!.api, mine[seed]!.version, bytes),
    maxAllocation: (n) => MiB + 16 * n,
  };
}

/** Every response the clients decode, by API name. */
const RESPONSES = [
  'ApiVersions',
  'Metadata',
  'Produce',
  'ListOffsets',
  'FindCoordinator',
  'JoinGroup',
  'SyncGroup',
  'Heartbeat',
  'LeaveGroup',
  'OffsetCommit',
  'OffsetFetch',
  'InitProducerId',
  'SaslHandshake',
  'SaslAuthenticate',
  'ConsumerGroupHeartbeat',
  'ShareGroupHeartbeat',
  'ShareFetch',
  'CreateTopics',
  'DeleteTopics',
  // @lk/consumer
  'OffsetForLeaderEpoch',
  // @lk/admin
  'ListGroups',
  'DescribeGroups',
  'DeleteGroups',
  'DescribeConfigs',
  'IncrementalAlterConfigs',
  'CreatePartitions',
  'DeleteRecords',
  'DescribeCluster',
  'DescribeLogDirs',
  'CreateAcls',
  'DescribeAcls',
  'DeleteAcls',
  'DescribeUserScramCredentials',
  'AlterUserScramCredentials',
  'DescribeClientQuotas',
  'AlterClientQuotas',
  'ConsumerGroupDescribe',
  'OffsetDelete',
];

function fetchFamily(): Family {
  const mine = answers.filter((a) => a.api === Fetch);
  const sets = ['none', 'gzip', 'snappy', 'lz4', 'zstd'].flatMap(brokerRecordSets);
  const built = sets.flatMap((records) => [12, Fetch.maxVersion].map((v) => ({ version: v, records })));
  const seeds = [
    ...mine.map((a) => ({ version: a.version, frame: a.frame })),
    ...built.map(({ version, records }) => ({ version, frame: fetchFrame(version, records) })),
  ];
  return {
    name: 'Fetch + record sets',
    seeds: seeds.map((s) => s.frame),
    decode(bytes, seed) {
      const { body } = decodeResponseFrame(Fetch, seeds[seed]!.version, bytes);
      for (const topic of body.responses)
        for (const partition of topic.partitions) if (partition.records) readRecords(partition.records);
    },
    maxAllocation: (n) => 4 * MAX_DECOMPRESSED + 16 * n,
  };
}

function batchFamily(codec: string): Family {
  const seeds = brokerRecordSets(codec);
  if (codec === 'none') {
    const builder = new Builder();
    for (let i = 0; i < 20; i++)
      builder.add({
        key: new Uint8Array([i]),
        value: new Uint8Array(i),
        headers: [{ key: 'h', value: null }],
      });
    seeds.push(builder.build().marshal());
  }
  return {
    name: `record batch (${codec})`,
    seeds,
    decode: readRecords,
    maxAllocation: (n) => 4 * MAX_DECOMPRESSED + 16 * n,
    reseal: true,
  };
}

function frameDecoderFamily(): Family {
  // A stream of several whole answers, each behind its size field.
  const stream = (frames: Uint8Array[]) => Buffer.concat(frames.flatMap((f) => [int32(f.length), f]));
  const seeds = [
    stream(answers.slice(0, 8).map((a) => a.frame)),
    stream(
      answers
        .filter((a) => a.api === Fetch)
        .slice(0, 2)
        .map((a) => a.frame),
    ),
  ];
  return {
    name: 'FrameDecoder',
    seeds,
    decode(bytes) {
      // Whole, and in 7-byte chunks: the same frames either way.
      const whole = new FrameDecoder({ maxFrameSize: MiB }).push(bytes).map(hex);
      const chunked: string[] = [];
      const decoder = new FrameDecoder({ maxFrameSize: MiB });
      for (let at = 0; at < bytes.length; at += 7)
        chunked.push(...decoder.push(bytes.subarray(at, at + 7)).map(hex));
      if (whole.join() !== chunked.join()) throw new Error('frames differ when the input arrives in chunks');
    },
    // Each of the two decoders may hold a frame of up to maxFrameSize once its size field has
    // arrived (checked against the limit, then allocated before its bytes come), plus copies.
    maxAllocation: (n) => 2 * MiB + 2 * n + 128 * 1024,
  };
}

function peekFamily(): Family {
  const seeds = [
    ...brokerRecordSets('none'),
    ...brokerRecordSets('zstd'),
    ...answers.slice(0, 4).map((a) => a.frame),
  ];
  return {
    name: 'client peeks',
    seeds,
    decode(bytes) {
      peekNextOffset(bytes);
      recordSetTail(bytes);
      readCorrelationId(bytes);
    },
    maxAllocation: (n) => 64 * 1024 + 4 * n,
  };
}

/**
 * The consumer protocol's subscriptions (JoinGroup metadata) and assignments (SyncGroup): what a
 * member encodes, and what a real broker's DescribeGroups returned of them, each decoded both ways.
 */
function consumerProtocolFamily(): Family {
  const partitions = [
    { topic: 'fuzz', partitions: [0, 1, 2] },
    { topic: 'other', partitions: [7] },
  ];
  const userData = new Uint8Array([1, 2, 3]);
  const subscription = {
    topics: ['fuzz', 'other'],
    userData,
    ownedPartitions: partitions,
    generationId: 3,
    rackId: 'r1',
  };
  const seeds = [
    ...[0, 1, 2, 3].map((v) => encodeSubscription(subscription, v)),
    ...[0, 1, 2, 3].map((v) => encodeAssignment({ partitions, userData }, v)),
  ];
  for (const a of answers.filter((a) => a.api === DescribeGroups)) {
    const { body } = decodeResponseFrame(DescribeGroups, a.version, a.frame);
    for (const group of body.groups)
      for (const member of group.members) seeds.push(member.memberMetadata, member.memberAssignment);
  }
  return {
    name: 'consumer protocol',
    seeds: seeds.filter((s) => s.length > 0),
    decode(bytes) {
      // Both decoders see every input; the first typed error is the input's outcome.
      let typed: LkError | null = null;
      for (const decode of [decodeSubscription, decodeAssignment]) {
        try {
          decode(bytes);
        } catch (error) {
          if (!(error instanceof LkError)) throw error;
          typed ??= error;
        }
      }
      if (typed !== null) throw typed;
    },
    maxAllocation: (n) => 64 * 1024 + 16 * n,
  };
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Every family, in run order. */
export function families(): Family[] {
  return [
    ...RESPONSES.map(responseFamily),
    fetchFamily(),
    ...['none', 'gzip', 'snappy', 'lz4', 'zstd'].map(batchFamily),
    frameDecoderFamily(),
    peekFamily(),
    consumerProtocolFamily(),
  ];
}
