/**
 * @lk/fake: a Kafka cluster inside the test process. Several brokers on loopback speak the real
 * wire protocol (the generated codecs of @lk/api), store record batches as producers sent them
 * (@lk/batch), and let the test inject faults and inspect everything.
 *
 * @example
 * ```ts
 * import { FakeCluster } from '@lk/fake';
 * const cluster = await FakeCluster.start({ brokers: 3, topics: { events: { partitions: 6 } } });
 * // ... run the client under test against cluster.bootstrap ...
 * await cluster.close();
 * ```
 * @module
 */
export { FakeBroker, type ListenerKind } from './broker.ts';
export { FakeCluster } from './cluster.ts';
export type { Fault, FaultAction, HookOptions, RequestHook, SeenRequest, TakenRequest } from './faults.ts';
export type { StoredBatch } from './log.ts';
export type { FakeClusterOptions, SaslMechanism } from './options.ts';
export type { TopicSpec } from './state.ts';
export type { Partition, Topic } from './topic.ts';
