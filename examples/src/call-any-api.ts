// Call any Kafka API raw: every request and response of Kafka 4.3.1 is in @lk/api, typed, and
// every lk client has call(api, request). Here DescribeCluster, which no lk client wraps.
//   node examples/src/call-any-api.ts [host:port]
import { DescribeCluster, kafkaErrorFor } from '@lk/api';
import { BootstrapClient } from '@lk/client';
import { bootstrap } from './bootstrap.ts';

const cluster = new BootstrapClient(bootstrap);

// newRequest() gives every field its spec default; set the ones you need.
const response = await cluster.call(DescribeCluster, {
  ...DescribeCluster.newRequest(),
  includeClusterAuthorizedOperations: false,
});
const error = kafkaErrorFor(response.errorCode, response.errorMessage); // null for no error
if (error !== null) throw error;
console.log(`cluster ${response.clusterId}, controller ${response.controllerId}`);
for (const broker of response.brokers)
  console.log(`broker ${broker.brokerId} at ${broker.host}:${broker.port}`);

// The request may also be built per version, once the version is negotiated; or pinned.
const pinned = await cluster.call(DescribeCluster, () => DescribeCluster.newRequest(), { version: 0 });
console.log(`v0 answer lists ${pinned.brokers.length} broker(s)`);
