/**
 * @lk/producer: a multi-partition Kafka producer built on `@lk/client`, `@lk/batch` and `@lk/api`.
 *
 * - Partitioners: the Java client's murmur2 for keyed records ({@link partitionForKey}, bit for
 *   bit), the uniform sticky partitioner of KIP-794 for keyless ones ({@link StickyPartitioner}),
 *   round-robin, or a function of your own.
 * - Settings with the Java client's defaults ({@link resolveSettings}).
 * - {@link Producer}: `send`, `sendBatch`, `flush`, `close`.
 *
 * @example
 * ```ts
 * import { Producer } from '@lk/producer';
 * const producer = new Producer({ bootstrap: '127.0.0.1:9092' });
 * const { partition, offset } = await producer.send('events', { key: 'user-1', value: 'hello' });
 * await producer.close();
 * ```
 * @module
 */
export { BufferMemory } from './buffer-memory.ts';
export { IdempotenceState, SEQUENCE_ERRORS } from './idempotence.ts';
export { murmur2, partitionForKey, toPositive } from './murmur2.ts';
export type { ProducerRecord } from './normalize.ts';
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
export { Producer, type ProducerOptions } from './producer.ts';
export type { BatchMetadata, RecordMetadata, SendBatchOptions } from './send-call.ts';
export { type ProducerRequestMessage, producerRequestChannel } from './sender.ts';
export { type PartitionLoads, StickyPartitioner } from './sticky.ts';
