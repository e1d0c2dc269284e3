// FakeCluster's options, their defaults (Kafka's where Kafka has one) and their validation.
import type { TopicSpec } from './state.ts';

/** The SASL mechanisms the fake authenticates. */
export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/** The options of FakeCluster.start; every field has a default. */
export interface FakeClusterOptions {
  /** Number of brokers, node ids 0..n-1 (default 1). */
  brokers?: number;
  /** Topics to create at start, by name. */
  topics?: Record<string, TopicSpec>;
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: string;
  clusterId?: string;
  /** Metadata requests create unknown topics, as Kafka's `auto.create.topics.enable` (default true). */
  autoCreateTopics?: boolean;
  /** Partitions of auto-created topics and of CreateTopics with -1, Kafka's `num.partitions` (default 1). */
  defaultPartitions?: number;
  /**
   * Bytes kept per partition before the oldest batches are dropped and the log start offset moves,
   * as `retention.bytes` (default 128 MiB, to bound a test's memory; -1 keeps everything). A topic's
   * own `retention.bytes` config wins.
   */
  retentionBytes?: number;
  /** Largest batch accepted, Kafka's `message.max.bytes` (default 1048588). */
  maxMessageBytes?: number;
  /** Largest request frame, Kafka's `socket.request.max.bytes` (default 104857600). */
  maxRequestSize?: number;
  /** SASL users: every broker then opens a second, SASL_PLAINTEXT listener (`saslBootstrap`). */
  sasl?: {
    users: Record<string, string>;
    mechanisms?: SaslMechanism[];
    /**
     * Session lifetime told to clients in SaslAuthenticate, Kafka's `connections.max.reauth.ms`
     * (default 0: sessions do not expire). Above 0, an authenticated connection may authenticate
     * again (KIP-368), as the same user and mechanism.
     */
    sessionLifetimeMs?: number;
  };
  /** Wait before the first rebalance of an empty group, `group.initial.rebalance.delay.ms` (default 0). */
  groupInitialRebalanceDelayMs?: number;
}

export interface ResolvedOptions {
  brokers: number;
  topics: Record<string, TopicSpec>;
  host: string;
  clusterId: string;
  autoCreateTopics: boolean;
  defaultPartitions: number;
  retentionBytes: number;
  maxMessageBytes: number;
  maxRequestSize: number;
  sasl: { users: Map<string, string>; mechanisms: SaslMechanism[]; sessionLifetimeMs: number } | null;
  groupInitialRebalanceDelayMs: number;
}

const MECHANISMS: readonly SaslMechanism[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

function positiveInt(name: string, value: number | undefined, fallback: number, min = 1): number {
  const v = value ?? fallback;
  if (!(Number.isSafeInteger(v) && v >= min))
    throw new RangeError(`${name} must be an integer >= ${min}: ${v}`);
  return v;
}

export function resolveOptions(options: FakeClusterOptions): ResolvedOptions {
  const mechanisms = options.sasl?.mechanisms ?? [...MECHANISMS];
  for (const m of mechanisms) {
    if (!MECHANISMS.includes(m)) throw new RangeError(`sasl.mechanisms: unknown mechanism ${m}`);
  }
  return {
    brokers: positiveInt('brokers', options.brokers, 1),
    topics: options.topics ?? {},
    host: options.host ?? '127.0.0.1',
    clusterId: options.clusterId ?? 'lk-fake-cluster',
    autoCreateTopics: options.autoCreateTopics ?? true,
    defaultPartitions: positiveInt('defaultPartitions', options.defaultPartitions, 1),
    retentionBytes: positiveInt('retentionBytes', options.retentionBytes, 128 * 1024 * 1024, -1),
    maxMessageBytes: positiveInt('maxMessageBytes', options.maxMessageBytes, 1048588),
    maxRequestSize: positiveInt('maxRequestSize', options.maxRequestSize, 104857600),
    sasl:
      options.sasl === undefined
        ? null
        : {
            users: new Map(Object.entries(options.sasl.users)),
            mechanisms,
            sessionLifetimeMs: positiveInt('sasl.sessionLifetimeMs', options.sasl.sessionLifetimeMs, 0, 0),
          },
    groupInitialRebalanceDelayMs: positiveInt(
      'groupInitialRebalanceDelayMs',
      options.groupInitialRebalanceDelayMs,
      0,
      0,
    ),
  };
}
