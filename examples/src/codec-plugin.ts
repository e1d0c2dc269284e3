// Write your own codec plugin: any object with Kafka's compression type, compress and decompress.
//
// Kafka has exactly four codecs, named by the 3 low bits of a batch's attributes: 1 gzip,
// 2 snappy, 3 lz4, 4 zstd (0 is none; 5-7 are refused by brokers and by lk's Batch.compress). A
// plugin therefore re-implements one of those formats, e.g. on a faster library, and must write
// bytes that every other client can read. This one is gzip on node:zlib with a fixed level and an
// output limit, checked against the @lk/compress-gzip package on the way back.
//   node examples/src/codec-plugin.ts [host:port]
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  asDecompressError,
  Builder,
  type Codec,
  CompressionType,
  decompressTooLarge,
  LkError,
} from '@lk/batch';
import { BootstrapClient, PartitionFetcher, PartitionProducer } from '@lk/client';
import { gzip } from '@lk/compress-gzip';
import { bootstrap, freshTopic } from './bootstrap.ts';

const fastGzip: Codec = {
  name: 'gzip-level-1',
  type: CompressionType.gzip,
  compress: (data) => gzipSync(data, { level: 1 }),
  decompress(data, { maxOutputSize }) {
    try {
      // maxOutputLength stops zlib at the limit instead of inflating a bomb.
      return gunzipSync(data, { maxOutputLength: Math.max(1, maxOutputSize) });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw decompressTooLarge('gzip', maxOutputSize);
      throw asDecompressError('gzip', error); // plugins throw only DecompressError
    }
  },
};

const builder = new Builder();
for (const word of ['alpha', 'beta', 'gamma']) builder.add({ value: new TextEncoder().encode(word) });
const batch = builder.build().compress(fastGzip);

// A codec id outside 1-4 is refused before anything is sent.
try {
  builder.build().compress({ ...fastGzip, type: 5 as typeof CompressionType.gzip });
  throw new Error('compression type 5 was accepted');
} catch (error) {
  if (!(error instanceof LkError)) throw error;
  console.log(`type 5 refused: ${error.code}`);
}

const topic = freshTopic('codec-plugin');
const cluster = new BootstrapClient(bootstrap);
await cluster.createTopic(topic, { numPartitions: 1 });
const producer = new PartitionProducer({ bootstrap, topic, partition: 0 });
const { baseOffset } = await producer.produce(batch); // the broker validates the gzip stream

// Read back with the published gzip codec: the plugin wrote standard gzip.
const fetcher = new PartitionFetcher({ bootstrap, topic, partition: 0, decompressors: [gzip()] });
fetcher.offset = baseOffset;
const { records } = fetcher.read(await fetcher.fetch());
console.log(records.map((record) => new TextDecoder().decode(record.value ?? undefined)).join(' '));

producer.close();
fetcher.close();
await cluster.deleteTopics([topic]);
