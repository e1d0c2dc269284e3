// Node 20 smoke test of the built package (dist): plain JS, imported by name, no broker. Run after
// `pnpm run build`, from packages/client:
//   $LK_NODE20 test/node20-smoke.mjs
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import {
  BootstrapClient,
  BootstrapResolver,
  ConfigError,
  channels,
  DEFAULT_CONNECTION_OPTIONS,
  GroupClient,
  OffsetTimestamp,
  openConnection,
  PartitionClient,
  PartitionFetcher,
  PartitionProducer,
  ResponseMemory,
  resolveConnectionOptions,
  TransportError,
} from '@lk/client';
import { LkError } from '@lk/wire';

const [major] = process.versions.node.split('.').map(Number);
assert.ok(major >= 20, `needs Node 20+, got ${process.version}`);

// Exports: the clients are classes, the channels are diagnostics_channel channels.
for (const Client of [BootstrapClient, PartitionClient, PartitionProducer, PartitionFetcher, GroupClient]) {
  assert.equal(typeof Client, 'function');
}
assert.equal(channels.connectionOpen.name, 'lk:connection:open');
assert.equal(OffsetTimestamp.earliest, -2n);

// Reused response memory: released views are detached, and the memory comes back unzeroed (moved,
// not copied), by ArrayBuffer.prototype.transfer where it exists and structuredClone on Node 20.
{
  const memory = new ResponseMemory(1024);
  const view = memory.allocate(100).fill(5);
  memory.release(view);
  assert.equal(view.length, 0);
  assert.equal(memory.allocate(1024)[99], 5);
}

// Option defaults, as documented in the README.
assert.deepEqual(resolveConnectionOptions(), {
  tls: null,
  sasl: null,
  clientId: 'lk',
  clientSoftwareName: 'lk',
  clientSoftwareVersion: '0.1.0',
  dialTimeoutMs: 5_000,
  requestTimeoutMs: 60_000,
  connectionTtlMs: 0,
  connMaxIdleMs: 540_000,
  maxResponseSize: 100 * 1024 * 1024,
  maxInFlight: 1,
});
assert.equal(DEFAULT_CONNECTION_OPTIONS.connMaxIdleMs, 540_000);
assert.deepEqual(resolveConnectionOptions({ tls: true }).tls, {});
assert.throws(
  () => resolveConnectionOptions({ dialTimeoutMs: 0 }),
  (error) => error instanceof ConfigError && error instanceof LkError && error.code === 'LK_CONFIG',
);
assert.deepEqual(await new BootstrapResolver('127.0.0.1:9092, 127.0.0.2:9093').addresses(), [
  { host: '127.0.0.1', port: 9092 },
  { host: '127.0.0.2', port: 9093 },
]);
assert.equal(new BootstrapResolver('_kafka._tcp.example.com').srvName, '_kafka._tcp.example.com');

// A typed dial error: connection refused on a loopback port nothing listens on.
const server = net.createServer().listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address();
server.close();
await once(server, 'close');
await assert.rejects(
  openConnection({ host: '127.0.0.1', port }),
  (error) =>
    error instanceof TransportError &&
    error.code === 'LK_TRANSPORT_DIAL' &&
    error.broker === `127.0.0.1:${port}` &&
    error.cause?.code === 'ECONNREFUSED',
);
// The bootstrap client reports the same error after trying every bootstrap broker.
await assert.rejects(
  new BootstrapClient(`127.0.0.1:${port}`).metadata(null),
  (error) => error instanceof TransportError && error.code === 'LK_TRANSPORT_DIAL',
);

console.log(`@lk/client smoke test passed on Node ${process.version}`);
