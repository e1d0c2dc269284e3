/// <reference types="@lk/kafka-harness/vitest-provide" />
// vitest globalSetup for the "integration-fake" project: lk's broker integration tests against
// @lk/fake instead of a Kafka broker. Provides inject('kafka') as the harness does for an
// external cluster (LK_BOOTSTRAP), with the fake's plaintext and SASL listeners.
import { DEFAULT_KAFKA_VERSION, DEFAULT_USERS } from '@lk/kafka-harness';
import type { TestProject } from 'vitest/node';
import { FakeCluster } from '../src/index.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await FakeCluster.start({
    brokers: Number(process.env.LK_FAKE_BROKERS ?? 1),
    sasl: {
      users: {
        [DEFAULT_USERS.plain.username]: DEFAULT_USERS.plain.password,
        [DEFAULT_USERS.scram.username]: DEFAULT_USERS.scram.password,
      },
    },
  });
  project.provide('kafka', {
    version: DEFAULT_KAFKA_VERSION,
    bootstrap: cluster.bootstrap,
    bootstraps: {
      plaintext: cluster.bootstrap,
      saslPlaintext: cluster.saslBootstrap,
      ssl: '',
      mtls: '',
      oauth: '',
    },
    users: DEFAULT_USERS,
    tls: { caPem: '', clientCertPem: '', clientKeyPem: '' },
    nodes: [],
    dir: null,
    clusterId: cluster.options.clusterId,
    external: true,
  });
  return async () => {
    if (cluster.serverErrors.length > 0) console.error('[fake] handler errors:', cluster.serverErrors);
    await cluster.close();
  };
}
