// Encode/decode rates of the hot APIs, beside KafkaJS's and Platformatic's own codecs where they
// have a comparable one. Run: pnpm --filter @lk/api bench (or node --conditions=@lk/source bench/protocol.bench.ts).
// Peers are client libraries: they have no response encoders, and their Produce request and Fetch
// response codecs build/parse record batches, so those rows are lk-only (records stay bytes here).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bench } from '@lk/bench-kit';
import { Reader, Writer } from '@lk/wire';
// The broker's definitions: the bench encodes responses to have something to decode.
import { Fetch, Metadata, Produce } from '../src/broker.ts';
import {
  ErrorCode,
  type FetchResponse,
  type MetadataResponse,
  newFetchRequestFetchPartition,
  newFetchResponsePartitionData,
  newMetadataResponseMetadataResponseTopic,
  type ProduceRequest,
} from '../src/index.ts';
import { recordBatch } from '../test/helpers/record-batch.ts';

const require = createRequire(import.meta.url);
const platformaticDist = dirname(require.resolve('@platformatic/kafka'));
const platformatic = async (path: string) => import(pathToFileURL(join(platformaticDist, path)).href);
const kafkajs = (path: string) => require(`kafkajs/src/protocol/requests/${path}`);

const TOPIC_ID = 'AQIDBAUGBwgJCgsMDQ4PEA';

/** 10 topics x 100 partitions, 3 replicas each, 3 brokers. */
function metadataResponse(): MetadataResponse {
  const response = Metadata.newResponse();
  response.clusterId = 'lk-bench-cluster';
  response.brokers = [1, 2, 3].map((nodeId) => ({
    nodeId,
    host: `broker-${nodeId}.example.com`,
    port: 9092,
    rack: null,
  }));
  response.topics = Array.from({ length: 10 }, (_, t) => ({
    ...newMetadataResponseMetadataResponseTopic(),
    name: `topic-${t}`,
    topicId: TOPIC_ID,
    isInternal: false,
    topicAuthorizedOperations: -2147483648,
    partitions: Array.from({ length: 100 }, (_, p) => ({
      errorCode: ErrorCode.NONE,
      partitionIndex: p,
      leaderId: (p % 3) + 1,
      leaderEpoch: 5,
      replicaNodes: [1, 2, 3],
      isrNodes: [1, 2, 3],
      offlineReplicas: [],
    })),
  }));
  return response;
}

function produceRequest(): ProduceRequest {
  const batch = recordBatch(Array.from({ length: 100 }, (_, i) => `value-${i}-${'x'.repeat(80)}`));
  return {
    transactionalId: null,
    acks: -1,
    timeoutMs: 30_000,
    topicData: Array.from({ length: 4 }, (_, t) => ({
      name: `topic-${t}`,
      topicId: TOPIC_ID,
      partitionData: Array.from({ length: 8 }, (_, index) => ({ index, records: batch })),
    })),
  };
}

function fetchResponse(): FetchResponse {
  const records = recordBatch(Array.from({ length: 100 }, (_, i) => `value-${i}-${'x'.repeat(80)}`));
  const response = Fetch.newResponse();
  response.responses = Array.from({ length: 4 }, (_, t) => ({
    topic: `topic-${t}`,
    topicId: TOPIC_ID,
    partitions: Array.from({ length: 8 }, (_, partitionIndex) => ({
      ...newFetchResponsePartitionData(),
      partitionIndex,
      highWatermark: 1000n,
      lastStableOffset: 1000n,
      logStartOffset: 0n,
      records,
    })),
  }));
  return response;
}

function encode(write: (w: Writer) => void): Uint8Array {
  const w = new Writer(1 << 16);
  write(w);
  return w.toBytes();
}

const writer = new Writer(1 << 20);
const encodeInto = (write: (w: Writer) => void): number => {
  writer.reset();
  write(writer);
  return writer.pos;
};

async function main(): Promise<void> {
  // Metadata response, 1,000 partitions.
  const metadata = metadataResponse();
  const metadataV12 = encode((w) => Metadata.encodeResponse(w, metadata, 12));
  const metadataV5 = encode((w) => Metadata.encodeResponse(w, metadata, 5));
  const pltMetadata = await platformatic('apis/metadata/metadata-v12.js');
  const { Reader: PltReader } = await platformatic('protocol/reader.js');
  const kjsMetadata = kafkajs('metadata/v5/response');
  const metadataV12Buffer = Buffer.from(metadataV12);
  const metadataV5Buffer = Buffer.from(metadataV5);
  await bench('Metadata response decode, 1,000 partitions', [
    {
      name: 'lk v12',
      run: () => Metadata.decodeResponse(new Reader(metadataV12), 12),
      bytesPerOp: metadataV12.length,
    },
    {
      name: 'platformatic v12',
      run: () => pltMetadata.parseResponse(1, 3, 12, PltReader.from(metadataV12Buffer)),
      bytesPerOp: metadataV12.length,
    },
    {
      name: 'lk v5',
      run: () => Metadata.decodeResponse(new Reader(metadataV5), 5),
      bytesPerOp: metadataV5.length,
    },
    { name: 'kafkajs v5', run: () => kjsMetadata.decode(metadataV5Buffer), bytesPerOp: metadataV5.length },
  ]);
  await bench('Metadata response encode, 1,000 partitions (peers have no response encoder)', [
    {
      name: 'lk v12',
      run: () => encodeInto((w) => Metadata.encodeResponse(w, metadata, 12)),
      bytesPerOp: metadataV12.length,
    },
    {
      name: 'lk v5',
      run: () => encodeInto((w) => Metadata.encodeResponse(w, metadata, 5)),
      bytesPerOp: metadataV5.length,
    },
  ]);

  // Fetch request: 4 topics x 8 partitions.
  const fetchTopics = Array.from({ length: 4 }, (_, t) => ({
    topic: `topic-${t}`,
    topicId: TOPIC_ID,
    partitions: Array.from({ length: 8 }, (_, partition) => ({
      ...newFetchRequestFetchPartition(),
      partition,
      currentLeaderEpoch: 5,
      fetchOffset: 1000n,
      partitionMaxBytes: 1 << 20,
    })),
  }));
  const fetchRequest = { ...Fetch.newRequest(), maxWaitMs: 500, minBytes: 1, topics: fetchTopics };
  const pltFetch = await platformatic('apis/consumer/fetch-v12.js');
  const kjsFetch = kafkajs('fetch/v11/request');
  const kjsTopics = fetchTopics.map((t) => ({
    topic: t.topic,
    partitions: t.partitions.map((p) => ({
      partition: p.partition,
      currentLeaderEpoch: 5,
      fetchOffset: '1000',
      logStartOffset: -1,
      maxBytes: 1 << 20,
    })),
  }));
  const pltTopics = fetchTopics.map((t) => ({
    topicId: t.topic,
    partitions: t.partitions.map((p) => ({
      partition: p.partition,
      currentLeaderEpoch: 5,
      fetchOffset: 1000n,
      lastFetchedEpoch: -1,
      partitionMaxBytes: 1 << 20,
    })),
  }));
  await bench('Fetch request encode, 32 partitions', [
    { name: 'lk v12', run: () => encodeInto((w) => Fetch.encodeRequest(w, fetchRequest, 12)) },
    {
      name: 'platformatic v12',
      run: () => pltFetch.createRequest(500, 1, 0x7fffffff, 0, 0, -1, pltTopics, [], '').buffer,
    },
    { name: 'lk v11', run: () => encodeInto((w) => Fetch.encodeRequest(w, fetchRequest, 11)) },
    {
      name: 'kafkajs v11',
      run: async () =>
        (
          await kjsFetch({
            replicaId: -1,
            maxWaitTime: 500,
            minBytes: 1,
            maxBytes: 0x7fffffff,
            topics: kjsTopics,
          }).encode()
        ).buffer,
    },
  ]);

  // Produce request: 32 partitions, one 100-record batch each (records are pre-encoded bytes).
  const produce = produceRequest();
  const produceBytes = encodeInto((w) => Produce.encodeRequest(w, produce, 9));
  await bench('Produce request encode, 32 partitions x 100 records (lk only: peers build batches inside)', [
    {
      name: 'lk v9',
      run: () => encodeInto((w) => Produce.encodeRequest(w, produce, 9)),
      bytesPerOp: produceBytes,
    },
    {
      name: 'lk v3',
      run: () => encodeInto((w) => Produce.encodeRequest(w, produce, 3)),
      bytesPerOp: produceBytes,
    },
  ]);

  // Fetch response: 32 partitions with a 100-record batch each.
  const fetched = fetchResponse();
  const fetchV12 = encode((w) => Fetch.encodeResponse(w, fetched, 12));
  await bench('Fetch response, 32 partitions x 100 records (lk only: peers parse batches inside)', [
    {
      name: 'lk v12 decode',
      run: () => Fetch.decodeResponse(new Reader(fetchV12), 12),
      bytesPerOp: fetchV12.length,
    },
    {
      name: 'lk v12 encode',
      run: () => encodeInto((w) => Fetch.encodeResponse(w, fetched, 12)),
      bytesPerOp: fetchV12.length,
    },
  ]);
}

await main();
