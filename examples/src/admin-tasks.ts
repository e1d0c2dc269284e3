// Admin tasks with @lk/admin: create a topic, look at it, change a config, list groups, delete it.
// Every operation returns one result per entry with its `error` (or null).
//   node examples/src/admin-tasks.ts [host:port]
import { Admin } from '@lk/admin';
import { ConfigResourceType } from '@lk/api';
import { bootstrap, freshTopic } from './bootstrap.ts';

const name = freshTopic('admin-tasks');
const admin = new Admin({ bootstrap });

const [created] = await admin.createTopics([
  { name, numPartitions: 2, configs: { 'retention.ms': '3600000' } },
]);
console.log(`created ${created?.name}: error ${created?.error?.errorName ?? 'none'}`);

const [again] = await admin.createTopics([{ name }]); // a second time: refused, not thrown
console.log(`created again: error ${again?.error?.errorName ?? 'none'}`);

const [topic] = await admin.describeTopics([name], { throwOnError: true });
for (const p of topic?.partitions ?? [])
  console.log(`partition ${p.partition}: leader ${p.leaderId}, isr [${p.isr}]`);

await admin.alterConfigs([{ type: ConfigResourceType.TOPIC, name, set: { 'retention.ms': '86400000' } }], {
  throwOnError: true,
});
const [configs] = await admin.describeConfigs([{ type: ConfigResourceType.TOPIC, name }], {
  names: ['retention.ms'],
});
console.log(`retention.ms is now ${configs?.configs.find((c) => c.name === 'retention.ms')?.value}`);

const { groups } = await admin.listGroups(); // asks every broker
console.log(`${groups.length} groups in the cluster`);

const [deleted] = await admin.deleteTopics([name]);
console.log(`deleted ${deleted?.name}: error ${deleted?.error?.errorName ?? 'none'}`);
admin.close();
