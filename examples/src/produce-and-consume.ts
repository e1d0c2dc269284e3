// Produce to one partition and read the records back.
//   node examples/src/produce-and-consume.ts [host:port]
import { BootstrapClient, PartitionFetcher, PartitionProducer } from '@lk/client';
import { bootstrap, freshTopic } from './bootstrap.ts';

const topic = freshTopic('produce-and-consume');
const cluster = new BootstrapClient(bootstrap);
await cluster.createTopic(topic, { numPartitions: 1 });

// acks -1 and idempotence: the broker drops duplicates of a retried batch.
const producer = new PartitionProducer({ bootstrap, topic, partition: 0, acks: -1, idempotent: true });
const { baseOffset } = await producer.produceStrings(['one', 'two', 'three']);
console.log(`produced 3 records at offset ${baseOffset}`);

// The fetcher's offset moves only when you move it (or when records() does).
const fetcher = new PartitionFetcher({ bootstrap, topic, partition: 0 });
fetcher.offset = baseOffset;
const { records } = fetcher.read(await fetcher.fetch());
const decoder = new TextDecoder();
for (const record of records)
  console.log(`offset ${record.offset}: ${decoder.decode(record.value ?? undefined)}`);

producer.close();
fetcher.close();
await cluster.deleteTopics([topic]);
