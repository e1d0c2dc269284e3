/**
 * @lk/producer: a multi-partition Kafka producer built on `@lk/client`, `@lk/batch` and `@lk/api`.
 *
 * - Partitioners: the Java client's murmur2 for keyed records ({@link partitionForKey}, bit for
 *   bit), the uniform sticky partitioner of KIP-794 for keyless ones ({@link StickyPartitioner}),
 *   round-robin, or a function of your own.
 * - Settings with the Java client's defaults ({@link resolveSettings}).
 * @module
 */
export { BufferMemory } from './buffer-memory.ts';
export { IdempotenceState, SEQUENCE_ERRORS } from './idempotence.ts';
export { murmur2, partitionForKey, toPositive } from './murmur2.ts';
export {
  DEFAULT_SETTINGS,
  type ProducerSettings,
  type ResolvedSettings,
  resolveSettings,
} from './options.ts';
export {
  type ChoosePartition,
  choosePartitionFor,
  type PartitionerFunction,
  type PartitionerInput,
  type PartitionerOption,
} from './partitioners.ts';
export { type PartitionLoads, StickyPartitioner } from './sticky.ts';
