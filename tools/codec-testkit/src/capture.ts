/// <reference types="node" />
// Maintenance tool, not a test: writes record sets with kcat and the Java ConsoleProducer to a real
// broker, fetches them back raw with @lk/api and stores them as hex fixtures for the offline tests:
//   tools/codec-testkit/test/fixtures/batch/{kcat,java}-records.hex       uncompressed, keys and headers
//   packages/compress-<codec>/test/fixtures/broker/{kcat,java}.hex   compressed by each client
// Run: node --conditions=@lk/source tools/codec-testkit/src/capture.ts [bootstrap]
// Without a bootstrap it starts a single-node Kafka (the harness default version) and stops it
// after; with one, set LK_KAFKA_VERSION to the broker's version for the fixture comments.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { CompressionType, LkError } from '@lk/batch';
import { createTopic, DEFAULT_KAFKA_VERSION, KCAT, parseVersion, startKafka } from '@lk/kafka-harness';
import { fetchRecordSet, firstBatchCompression } from './broker-io.ts';
import { type CompressionName, produceWithJava, produceWithKcat } from './external-producers.ts';
import { writeHexFixture } from './hex-fixture.ts';
import { codecLines, JAVA_RECORDS, KCAT_RECORDS, type TextRecord } from './interop-records.ts';

const repo = new URL('../../../', import.meta.url);
const CODECS: readonly Exclude<CompressionName, 'none'>[] = ['gzip', 'snappy', 'lz4', 'zstd'];

interface Capture {
  file: URL;
  writer: 'kcat' | 'java';
  records: readonly TextRecord[];
  compression: CompressionName;
}

function captures(): Capture[] {
  const batchDir = new URL('tools/codec-testkit/test/fixtures/batch/', repo);
  const list: Capture[] = [
    {
      file: new URL('kcat-records.hex', batchDir),
      writer: 'kcat',
      records: KCAT_RECORDS,
      compression: 'none',
    },
    {
      file: new URL('java-records.hex', batchDir),
      writer: 'java',
      records: JAVA_RECORDS,
      compression: 'none',
    },
  ];
  for (const codec of CODECS) {
    const dir = new URL(`packages/compress-${codec}/test/fixtures/broker/`, repo);
    for (const writer of ['kcat', 'java'] as const) {
      list.push({
        file: new URL(`${writer}.hex`, dir),
        writer,
        records: codecLines(writer),
        compression: codec,
      });
    }
  }
  return list;
}

async function capture(bootstrap: string, version: string, c: Capture): Promise<void> {
  const topic = `lk-capture-${c.writer}-${c.compression}-${Date.now()}`;
  await createTopic({ bootstrap } as Parameters<typeof createTopic>[0], topic, {
    partitions: 1,
    replicationFactor: 1,
  });
  const produce = c.writer === 'kcat' ? produceWithKcat : produceWithJava;
  await produce(bootstrap, topic, c.records, c.compression);
  const raw = await fetchRecordSet(bootstrap, topic);
  if (raw.length === 0 || firstBatchCompression(raw) !== CompressionType[c.compression]) {
    throw new LkError('LK_TESTKIT_CAPTURE', `${c.writer} wrote nothing usable to ${topic}`);
  }
  const tool = c.writer === 'kcat' ? kcatVersion() : `Java ConsoleProducer ${version}`;
  mkdirSync(new URL('./', c.file), { recursive: true });
  writeHexFixture(c.file, raw, [
    `Fetch v12 records of a partition written by ${tool}, compression ${c.compression}, ${c.records.length} records`,
    `broker: Apache Kafka ${version}; captured ${new Date().toISOString().slice(0, 10)} by tools/codec-testkit/src/capture.ts`,
    'records: tools/codec-testkit/src/interop-records.ts',
  ]);
  console.log(`${c.file.pathname.slice(repo.pathname.length)}: ${raw.length} bytes`);
}

/** `kcat 1.7.1 (librdkafka 2.0.2)`, from kcat's banner (asked once). */
let kcatBanner: string | undefined;
function kcatVersion(): string {
  if (kcatBanner !== undefined) return kcatBanner;
  const banner = execFileSync(KCAT, ['-V'], { encoding: 'utf8' });
  const [, kcat = '?', librdkafka = '?'] = /Version (\S+) .*librdkafka (\S+)/.exec(banner) ?? [];
  kcatBanner = `kcat ${kcat} (librdkafka ${librdkafka})`;
  return kcatBanner;
}

const given = process.argv[2];
const version = given ? parseVersion(process.env.LK_KAFKA_VERSION) : DEFAULT_KAFKA_VERSION;
const kafka = given ? undefined : await startKafka({ version, nodes: 1 });
try {
  for (const c of captures()) await capture(given ?? kafka!.bootstrap, version, c);
} finally {
  await kafka?.stop();
}
