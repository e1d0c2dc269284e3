import { partitionForKey } from './murmur2.ts';
import type { StickyPartitioner } from './sticky.ts';

/** What a partitioner function is given for each record that names no partition. */
export interface PartitionerInput {
  topic: string;
  key: Uint8Array | null;
  value: Uint8Array | null;
  /** How many partitions the topic has now (every partition counts, with a leader or not). */
  partitionCount: number;
}

/** A user partitioner: returns an integer in [0, partitionCount). */
export type PartitionerFunction = (input: PartitionerInput) => number;

/**
 * - `'default'`: keyed records by the Java client's murmur2 hash (`toPositive(murmur2(key)) % n`),
 *   keyless records with the uniform sticky partitioner (KIP-794);
 * - `'sticky'`: every record with the uniform sticky partitioner, keys ignored (Java's
 *   `partitioner.ignore.keys=true`);
 * - `'round-robin'`: every record to the next partition in turn, keys ignored (Java's RoundRobinPartitioner);
 * - a {@link PartitionerFunction}.
 */
export type PartitionerOption = 'default' | 'sticky' | 'round-robin' | PartitionerFunction;

/** Chooses partitions for records without an explicit one. */
export type ChoosePartition = (input: PartitionerInput) => number;

/** The partition chooser for `option`, with `sticky` for keyless records. */
export function choosePartitionFor(option: PartitionerOption, sticky: StickyPartitioner): ChoosePartition {
  if (typeof option === 'function') return option;
  switch (option) {
    case 'default':
      return ({ topic, key, partitionCount }) =>
        key === null ? sticky.partition(topic, partitionCount) : partitionForKey(key, partitionCount);
    case 'sticky':
      return ({ topic, partitionCount }) => sticky.partition(topic, partitionCount);
    case 'round-robin': {
      const next = new Map<string, number>();
      return ({ topic, partitionCount }) => {
        const turn = next.get(topic) ?? 0;
        next.set(topic, (turn + 1) | 0);
        return (turn & 0x7fffffff) % partitionCount;
      };
    }
  }
}
