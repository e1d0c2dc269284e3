// @lk/kafka-harness: real Apache Kafka brokers (from Maven Central jars) for lk's tests.

export type { ClasspathKind } from './classpath.ts';
export { classpathFile, resolveClasspath } from './classpath.ts';
export type {
  KafkaCluster,
  KafkaInfo,
  KafkaNodeInfo,
  ListenerBootstraps,
  StartKafkaOptions,
  TlsPaths,
} from './cluster.ts';
export {
  bootstrapsFor,
  clusterStatus,
  createTopicAndWait,
  randomClusterId,
  startKafka,
  stopCluster,
} from './cluster.ts';
export type { NodePorts, SaslUser, SaslUsers } from './config.ts';
export { authorizerProperties, DEFAULT_USERS, MTLS_CLIENT_PRINCIPAL } from './config.ts';
export { externalInfoFromEnv } from './external.ts';
export type { JavaToolOptions, JavaToolResult } from './java.ts';
export { runJava as javaTool } from './java.ts';
export type { ConnectionOverrides, KcatListener, KcatOptions, KcatResult } from './kcat.ts';
export { KCAT, kcat, kcatConnectArgs } from './kcat.ts';
export { unsecuredJwt, validOAuthClaims } from './oauth.ts';
export { cacheDir, stateFilePath } from './paths.ts';
export type { KafkaVersion } from './versions.ts';
export { DEFAULT_KAFKA_VERSION, KAFKA_VERSIONS, parseVersion } from './versions.ts';
export type {
  ApiVersionRange,
  ApiVersionsResult,
  CreateTopicResult,
  CreateTopicSpec,
  MetadataResult,
} from './wire.ts';
export { apiVersions, createTopics, decodeApiVersionsV0, encodeRequest, metadata, tcpProbe } from './wire.ts';

import type { KafkaInfo } from './cluster.ts';
import { createTopicAndWait } from './cluster.ts';

/** Creates a topic on any cluster described by a KafkaInfo (also external ones) and waits for leaders. */
export async function createTopic(
  info: KafkaInfo,
  name: string,
  opts: { partitions?: number; replicationFactor?: number; configs?: Record<string, string> } = {},
): Promise<void> {
  const ports = info.bootstrap.split(',').map((hp) => Number(hp.slice(hp.lastIndexOf(':') + 1)));
  const host = (info.bootstrap.split(',')[0] ?? '').replace(/:\d+$/, '');
  if (host !== '127.0.0.1' && host !== 'localhost')
    throw new Error(`createTopic only supports loopback bootstraps, got ${info.bootstrap}`);
  await createTopicAndWait(ports, {
    name,
    partitions: opts.partitions ?? 1,
    replicationFactor: opts.replicationFactor ?? -1,
    configs: opts.configs,
  });
}
