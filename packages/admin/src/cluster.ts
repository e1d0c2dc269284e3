import {
  DescribeCluster,
  DescribeLogDirs,
  type KafkaError,
  kafkaErrorFor,
  UnsupportedVersionError,
} from '@lk/api';
import type { BrokerMetadata, Cluster } from '@lk/client';
import { type AdminCallOptions, type EntryResult, settle } from './results.ts';
import { byTopic, type TopicPartition } from './topic-partitions.ts';

/** One broker of {@link ClusterDescription}. */
export interface ClusterBroker extends BrokerMetadata {
  /** Fenced (not taking part) per the controller; false when the broker cannot say (DescribeCluster before v2). */
  readonly fenced: boolean;
}

/** What {@link Admin.describeCluster} found. */
export interface ClusterDescription {
  readonly clusterId: string | null;
  /** The controller's node id as the broker reports it (KRaft: a broker, picked by the broker), -1 if none. */
  readonly controllerId: number;
  readonly brokers: readonly ClusterBroker[];
  /** `DescribeCluster`, or `Metadata` where the broker does not know DescribeCluster (before Kafka 2.8). */
  readonly source: 'DescribeCluster' | 'Metadata';
}

/** Options of {@link Admin.describeCluster}. */
export interface DescribeClusterOptions extends Omit<AdminCallOptions, 'throwOnError'> {
  /** Also list fenced brokers (DescribeCluster v2+, Kafka 4.0+; an error on older brokers). Default false. */
  includeFenced?: boolean;
}

export async function describeCluster(
  cluster: Cluster,
  options: DescribeClusterOptions,
): Promise<ClusterDescription> {
  const { includeFenced = false, ...callOptions } = options;
  let response: Awaited<ReturnType<typeof cluster.call<typeof DescribeCluster>>>;
  try {
    response = await cluster.call(
      'any',
      DescribeCluster,
      { ...DescribeCluster.newRequest(), includeFencedBrokers: includeFenced },
      callOptions,
    );
  } catch (error) {
    // A broker older than DescribeCluster: Metadata has the same answer, without fencing.
    if (!(error instanceof UnsupportedVersionError) || includeFenced) throw error;
    const metadata = await cluster.metadata.refresh([], options.signal);
    return {
      clusterId: metadata.clusterId,
      controllerId: metadata.controllerId,
      brokers: metadata.brokers.map((b) => ({ ...b, fenced: false })),
      source: 'Metadata',
    };
  }
  const error = kafkaErrorFor(response.errorCode, response.errorMessage);
  if (error) throw error;
  return {
    clusterId: response.clusterId,
    controllerId: response.controllerId,
    brokers: response.brokers
      .map((b) => ({ nodeId: b.brokerId, host: b.host, port: b.port, rack: b.rack, fenced: b.isFenced }))
      .sort((a, b) => a.nodeId - b.nodeId),
    source: 'DescribeCluster',
  };
}

/** One partition's replica in a {@link LogDir}. */
export interface LogDirReplica extends TopicPartition {
  /** Bytes of its log segments. */
  readonly size: bigint;
  /** How far it lags behind the high watermark (or, for a future replica, the current one). */
  readonly offsetLag: bigint;
  /** A replica being moved here by AlterReplicaLogDirs. */
  readonly isFuture: boolean;
}

/** One log directory of a broker, from {@link Admin.describeLogDirs}. */
export interface LogDir extends EntryResult {
  readonly nodeId: number;
  readonly path: string;
  /** The volume's size and free bytes (-1n before DescribeLogDirs v4, Kafka 3.3). */
  readonly totalBytes: bigint;
  readonly usableBytes: bigint;
  readonly replicas: readonly LogDirReplica[];
}

/** Options of {@link Admin.describeLogDirs}. */
export interface DescribeLogDirsOptions extends AdminCallOptions {
  /** The brokers to ask (default: every broker). */
  brokers?: readonly number[];
  /** Only these partitions (default: every partition). */
  partitions?: readonly TopicPartition[];
}

export async function describeLogDirs(cluster: Cluster, options: DescribeLogDirsOptions): Promise<LogDir[]> {
  const { throwOnError, brokers, partitions, ...callOptions } = options;
  await cluster.metadata.refresh([], options.signal);
  const nodeIds = brokers ? [...brokers] : [...cluster.metadata.brokers.keys()].sort((a, b) => a - b);
  const topics = partitions
    ? byTopic(partitions).map(([topic, entries]) => ({ topic, partitions: entries.map((e) => e.partition) }))
    : null;
  const answers = await Promise.all(
    nodeIds.map(async (nodeId) => {
      const response = await cluster.call({ node: nodeId }, DescribeLogDirs, { topics }, callOptions);
      const error = kafkaErrorFor(response.errorCode);
      // A broker-wide error (v3+, e.g. CLUSTER_AUTHORIZATION_FAILED) is that broker's one entry.
      if (error) return [emptyLogDir(nodeId, error)];
      return response.results.map(
        (d): LogDir => ({
          nodeId,
          path: d.logDir,
          totalBytes: d.totalBytes,
          usableBytes: d.usableBytes,
          replicas: d.topics.flatMap((t) =>
            t.partitions.map((p) => ({
              topic: t.name,
              partition: p.partitionIndex,
              size: p.partitionSize,
              offsetLag: p.offsetLag,
              isFuture: p.isFutureKey,
            })),
          ),
          error: kafkaErrorFor(d.errorCode),
        }),
      );
    }),
  );
  return settle('describeLogDirs', answers.flat(), (d) => `logdir:${d.nodeId}:${d.path}`, { throwOnError });
}

function emptyLogDir(nodeId: number, error: KafkaError): LogDir {
  return { nodeId, path: '', totalBytes: -1n, usableBytes: -1n, replicas: [], error };
}
