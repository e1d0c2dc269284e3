// Manual runs: starts a fake cluster and prints its bootstrap (node --conditions=@lk/source packages/fake/test/serve.manual.ts).
import { FakeCluster } from '../src/index.ts';

const cluster = await FakeCluster.start({
  brokers: Number(process.env.BROKERS ?? 3),
  topics: { demo: { partitions: 3 } },
  sasl: { users: { alice: 'alice-secret' } },
});
console.log(cluster.bootstrap, cluster.saslBootstrap);
setTimeout(
  () => {
    console.log('errors', cluster.serverErrors, cluster.requestCounts);
    void cluster.close();
  },
  Number(process.env.DURATION ?? 30) * 1000,
);
