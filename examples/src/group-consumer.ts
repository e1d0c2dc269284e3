// A consumer group member with @lk/consumer: joins the group, reads every partition of a topic,
// commits what it processed, and leaves.
//   node examples/src/group-consumer.ts [host:port]
import { Admin } from '@lk/admin';
import { Consumer } from '@lk/consumer';
import { Producer } from '@lk/producer';
import { bootstrap, freshTopic } from './bootstrap.ts';

const topic = freshTopic('group-consumer');
const groupId = `${topic}-group`;
const admin = new Admin({ bootstrap });
await admin.createTopics([{ name: topic, numPartitions: 3 }], { throwOnError: true });
const producer = new Producer({ bootstrap });
await producer.send(
  topic,
  Array.from({ length: 20 }, (_, i) => ({ key: `k${i % 5}`, value: `record ${i}` })),
);
await producer.close();

// The group starts where it has no committed offset: at the start of each partition.
const consumer = new Consumer({ bootstrap, groupId, topics: [topic], autoOffsetReset: 'earliest' });
const decoder = new TextDecoder();
let received = 0;
for await (const batch of consumer) {
  // One partition's records in offset order; the batch counts as processed when the loop goes on (or leaves).
  received += batch.records.length;
  const values = batch.records.map((record) => decoder.decode(record.value ?? undefined));
  console.log(`partition ${batch.partition}: ${values.length} records, next offset ${batch.nextOffset}`);
  if (received >= 20) break;
}
await consumer.commit(); // autoCommit would also commit on close; here it is explicit
console.log(`consumed ${received} records from ${consumer.assignment().length} partitions`);
await consumer.close(); // leaves the group

// What the group holds now, as any tool sees it: the next offset of each partition.
const { offsets } = await admin.listGroupOffsets(groupId, { throwOnError: true });
const committed = offsets.reduce((sum, o) => sum + o.offset, 0n);
console.log(`group committed offsets of ${offsets.length} partitions, ${committed} records in all`);
await admin.deleteGroups([groupId]);
await admin.deleteTopics([topic]);
admin.close();
