// The versions the Go original (libkafka) pins, against the shared 4.3.1 broker and a 3.9.2
// broker started here: both must accept them.
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { startKafka } from '../../../tools/kafka/src/cluster.ts';
import './helpers/provided-context.ts';
import { BrokerConnection } from './helpers/broker-connection.ts';
import * as scenario from './helpers/scenarios.ts';

/** libkafka's pinned versions (api/*.go in mkocikowski/libkafka). */
const PINNED = {
  apiVersions: 0,
  createTopics: 2,
  metadata: 5,
  produce: 7,
  fetch: 6,
  listOffsets: 2,
  findCoordinator: 1,
  joinGroup: 2,
  syncGroup: 1,
  heartbeat: 1,
  offsetCommit: 2,
  offsetFetch: 3,
} as const;

/** Runs every pinned version once, in the order a client would. */
async function runPinned(bootstrap: string, label: string): Promise<void> {
  const conn = await BrokerConnection.open(bootstrap);
  try {
    const run = `${label}-${Date.now().toString(36)}`;
    const state = scenario.newState(`lk-api-pinned-${run}`);
    await scenario.apiVersions(conn, PINNED.apiVersions);
    await scenario.createTopic(conn, PINNED.createTopics, state.topic);
    await scenario.waitForLeader(conn, state, 1);
    await scenario.metadata(conn, PINNED.metadata, state);
    await scenario.produce(conn, PINNED.produce, state);
    await scenario.produce(conn, PINNED.produce, state);
    await scenario.fetch(conn, PINNED.fetch, state);
    await scenario.listOffsets(conn, PINNED.listOffsets, state);
    const group = `lk-api-pinned-${run}`;
    await scenario.findCoordinator(conn, PINNED.findCoordinator, group);
    await scenario.joinGroup(conn, PINNED.joinGroup, state, group);
    await scenario.syncGroup(conn, PINNED.syncGroup, state);
    await scenario.heartbeat(conn, PINNED.heartbeat, state);
    await scenario.offsetCommit(conn, PINNED.offsetCommit, state);
    await scenario.offsetFetch(conn, PINNED.offsetFetch, state);
  } finally {
    conn.close();
  }
}

describe('the Go original pinned versions', () => {
  it('work against Kafka 4.3.1', async () => {
    await runPinned(inject('kafka').bootstrap.split(',')[0]!, '431');
  });

  describe('Kafka 3.9.2', () => {
    let cluster: Awaited<ReturnType<typeof startKafka>> | undefined;

    beforeAll(async () => {
      cluster = await startKafka({ version: '3.9.2', nodes: 1, heapMb: 384 });
    }, 300_000);

    afterAll(async () => {
      await cluster?.stop();
    }, 60_000);

    it('work against Kafka 3.9.2', async () => {
      await runPinned(cluster!.bootstrap.split(',')[0]!, '392');
    });
  });
});
