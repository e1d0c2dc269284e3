// Build a record batch apart from sending it, compress it with a codec plugin, produce it, and
// read it back with the matching decompressor.
//   node examples/src/batch-with-codec.ts [host:port]
import { Batch, Builder, DEFAULT_MAX_DECOMPRESSED_SIZE } from '@lk/batch';
import { BootstrapClient, PartitionFetcher, PartitionProducer } from '@lk/client';
import { zstd } from '@lk/compress-zstd';
import { bootstrap, freshTopic } from './bootstrap.ts';

const utf8 = new TextEncoder();
const builder = new Builder();
for (let i = 0; i < 1000; i++) {
  builder.add({
    key: utf8.encode(`user-${i % 10}`),
    value: utf8.encode(JSON.stringify({ i, text: 'the same words again and again' })),
    headers: [{ key: 'source', value: utf8.encode('example') }],
  });
}
const plain = builder.build();
const codec = zstd({ level: 3 });
const compressed = plain.compress(codec);
console.log(
  `${plain.recordsCount} records: ${plain.marshal().length} B plain, ${compressed.marshal().length} B with ${codec.name}`,
);

// The bytes are a complete batch: they survive a round trip through unmarshal (CRC checked).
const parsed = Batch.unmarshal(compressed.marshal());
const again = parsed.decompress(codec, { maxOutputSize: DEFAULT_MAX_DECOMPRESSED_SIZE }).readRecords();
if (again.length !== 1000) throw new Error(`expected 1000 records, got ${again.length}`);

const topic = freshTopic('batch-with-codec');
const cluster = new BootstrapClient(bootstrap);
await cluster.createTopic(topic, { numPartitions: 1 });
const producer = new PartitionProducer({ bootstrap, topic, partition: 0 });
const { baseOffset } = await producer.produce(compressed);

const fetcher = new PartitionFetcher({ bootstrap, topic, partition: 0, decompressors: [codec] });
fetcher.offset = baseOffset;
const { records } = fetcher.read(await fetcher.fetch());
console.log(
  `fetched ${records.length} records; last: ${new TextDecoder().decode(records.at(-1)?.value ?? undefined)}`,
);

producer.close();
fetcher.close();
await cluster.deleteTopics([topic]);
