// Keyed producing across partitions with @lk/producer: records with the same key land on the same
// partition (Java's murmur2 partitioner), so each key keeps its order.
//   node examples/src/keyed-producer.ts [host:port]
import { Admin } from '@lk/admin';
import { Producer } from '@lk/producer';
import { bootstrap, freshTopic } from './bootstrap.ts';

const topic = freshTopic('keyed-producer');
const admin = new Admin({ bootstrap });
await admin.createTopics([{ name: topic, numPartitions: 3 }], { throwOnError: true });

const producer = new Producer({ bootstrap }); // idempotent (acks -1) by default, as the Java client
const records = Array.from({ length: 30 }, (_, i) => ({ key: `user-${i % 3}`, value: `event ${i}` }));
// One promise for all: it resolves with one { partition, offset } per record, in order.
const results = await producer.send(topic, records);

const partitionsByKey = new Map<string, Set<number>>();
records.forEach((record, i) => {
  const partitions = partitionsByKey.get(record.key) ?? new Set<number>();
  partitions.add(results[i]!.partition);
  partitionsByKey.set(record.key, partitions);
});
for (const [key, partitions] of partitionsByKey)
  console.log(`${key} -> partition ${[...partitions].join(', ')}`);
const oneEach = [...partitionsByKey.values()].every((partitions) => partitions.size === 1);
console.log(
  `${records.length} records, ${partitionsByKey.size} keys: ${oneEach ? 'each key on one partition' : 'KEYS SPLIT'}`,
);

await producer.close(); // flushes, then closes the connections
await admin.deleteTopics([topic]);
admin.close();
