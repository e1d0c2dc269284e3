/// <reference path="./vitest-provide.d.ts" />
// vitest globalSetup: one shared single-node Kafka 4.3.1 for all integration test files,
// or the external cluster named by LK_BOOTSTRAP / LK_KAFKA_REUSE=1. Provides inject('kafka').
// If the broker cannot be started or reached, this THROWS: tests fail, they never skip.
import type { TestProject } from 'vitest/node';
import type { KafkaCluster, KafkaInfo } from './cluster.ts';
import { startKafka } from './cluster.ts';
import { externalInfoFromEnv } from './external.ts';
import { parseVersion } from './versions.ts';
import { apiVersions } from './wire.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = externalInfoFromEnv();
  let cluster: KafkaCluster | null = null;
  let info: KafkaInfo;
  if (external) {
    const first = external.bootstrap.split(',')[0] ?? '';
    const host = first.slice(0, first.lastIndexOf(':'));
    const port = Number(first.slice(first.lastIndexOf(':') + 1));
    try {
      const av = await apiVersions({ host, port, timeoutMs: 10000 });
      if (av.errorCode !== 0) throw new Error(`ApiVersions error ${av.errorCode}`);
    } catch (e) {
      throw new Error(`external Kafka at ${external.bootstrap} is not reachable: ${(e as Error).message}`);
    }
    info = external;
  } else {
    const t0 = Date.now();
    cluster = await startKafka({ version: parseVersion(process.env.LK_KAFKA_VERSION), nodes: 1 });
    info = cluster.info();
    if (process.env.LK_KAFKA_VERBOSE)
      console.log(
        `[kafka] ${info.version} ready at ${info.bootstrap} in ${Date.now() - t0} ms (${info.dir})`,
      );
  }
  project.provide('kafka', info);
  return async () => {
    if (cluster) await cluster.stop();
  };
}
