// The fake side of fake.bench.ts, in its own process so that its CPU time is its own: a one-broker
// @lk/fake with topic `bench`, driven over IPC ('cpu' -> process.cpuUsage(), 'close').
import { FakeCluster } from '@lk/fake';

const cluster = await FakeCluster.start({ topics: { bench: { partitions: 1 } }, retentionBytes: -1 });
const send = (message: unknown): void => void process.send!(message);
send({ bootstrap: cluster.bootstrap });
process.on('message', (message) => {
  if (message === 'cpu') send({ cpu: process.cpuUsage(), errors: cluster.serverErrors.length });
  else if (message === 'close') void cluster.close().then(() => process.exit(0));
});
