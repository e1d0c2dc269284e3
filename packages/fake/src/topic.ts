// Topics and partitions: names, ids, leaders, replicas, configs and each partition's log.
import { PartitionLog } from './log.ts';
import type { PartitionProducers } from './producers.ts';

/** One partition: its leader, epoch and replicas (all in sync), and its log. */
export interface Partition {
  readonly topic: Topic;
  readonly index: number;
  /** Node id of the leader, or -1 while the partition is offline. */
  leader: number;
  /** Bumped at every leader change, as the controller does. */
  leaderEpoch: number;
  /** Node ids holding the partition; the leader is one of them. */
  replicas: number[];
  /** Set by `partitionOffline`: no leader, whatever the brokers do. */
  offline: boolean;
  readonly log: PartitionLog;
  /** Idempotent producers' sequence state on this partition. */
  readonly producers: PartitionProducers;
}

/** A topic: its name, id (a UUID string), partitions and the configs set on it. */
export interface Topic {
  readonly name: string;
  readonly id: string;
  readonly partitions: Partition[];
  /** Topic configs set by CreateTopics or IncrementalAlterConfigs (only those, not defaults). */
  readonly configs: Map<string, string>;
}

/** Kafka's legal topic names: 1-249 characters of [a-zA-Z0-9._-], not "." or "..". */
export function isValidTopicName(name: string): boolean {
  return (
    name.length > 0 && name.length <= 249 && name !== '.' && name !== '..' && /^[a-zA-Z0-9._-]+$/.test(name)
  );
}

export function newPartition(
  topic: Topic,
  index: number,
  replicas: number[],
  producers: PartitionProducers,
): Partition {
  return {
    topic,
    index,
    leader: replicas[0] ?? -1,
    leaderEpoch: 0,
    replicas,
    offline: false,
    log: new PartitionLog(),
    producers,
  };
}
