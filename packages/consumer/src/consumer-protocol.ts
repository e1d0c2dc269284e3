import { ConsumerProtocolAssignment, ConsumerProtocolSubscription, type MessageSchema } from '@lk/api';
import { DecodeError, Reader, Writer } from '@lk/wire';
import type { TopicPartitions } from './topic-partition.ts';

/**
 * The consumer protocol's member metadata (JoinGroup) and assignment (SyncGroup): the generated
 * structs, each prefixed by its int16 version as Kafka's `ConsumerProtocol` writes them. lk writes
 * the highest version (3), as the Java client does, and reads any version: a newer one is read as
 * the newest lk knows, since versions only ever append fields.
 */

/** What a member sends in JoinGroup for each protocol (assignor). */
export interface Subscription {
  topics: string[];
  userData: Uint8Array | null;
  ownedPartitions: TopicPartitions[];
  /** -1 when unknown (before v2). */
  generationId: number;
  rackId: string | null;
}

/** What the leader sends each member in SyncGroup. */
export interface Assignment {
  partitions: TopicPartitions[];
  userData: Uint8Array | null;
}

/** The ConsumerProtocolSubscription version lk writes (the newest, as the Java client). */
export const SUBSCRIPTION_VERSION = 3;
/** The ConsumerProtocolAssignment version lk writes (the newest, as the Java client). */
export const ASSIGNMENT_VERSION = 3;

function encodeVersioned<T>(schema: MessageSchema<T>, value: T, version: number): Uint8Array {
  const writer = new Writer(64);
  writer.int16(version);
  schema.encode(writer, value, version);
  return writer.toBytes();
}

function decodeVersioned<T>(schema: MessageSchema<T>, bytes: Uint8Array): T {
  const reader = new Reader(bytes);
  const version = reader.int16();
  if (version < schema.minVersion) {
    throw new DecodeError('LK_WIRE_RANGE', `${schema.name} version ${version} is not valid`, 0);
  }
  return schema.decode(reader, Math.min(version, schema.maxVersion));
}

/** The JoinGroup metadata bytes of `subscription`: a version prefix, then the subscription. */
export function encodeSubscription(subscription: Subscription, version = SUBSCRIPTION_VERSION): Uint8Array {
  return encodeVersioned(
    ConsumerProtocolSubscription,
    {
      topics: subscription.topics,
      userData: subscription.userData,
      ownedPartitions: subscription.ownedPartitions.map((t) => ({
        topic: t.topic,
        partitions: t.partitions,
      })),
      generationId: subscription.generationId,
      rackId: subscription.rackId,
    },
    version,
  );
}

/** Throws `@lk/wire`'s DecodeError on malformed bytes. */
export function decodeSubscription(bytes: Uint8Array): Subscription {
  const s = decodeVersioned(ConsumerProtocolSubscription, bytes);
  return {
    topics: s.topics,
    userData: s.userData,
    ownedPartitions: s.ownedPartitions.map((t) => ({ topic: t.topic, partitions: t.partitions })),
    generationId: s.generationId,
    rackId: s.rackId,
  };
}

/** The SyncGroup assignment bytes of `assignment`: a version prefix, then the assignment. */
export function encodeAssignment(assignment: Assignment, version = ASSIGNMENT_VERSION): Uint8Array {
  return encodeVersioned(
    ConsumerProtocolAssignment,
    {
      assignedPartitions: assignment.partitions.map((t) => ({ topic: t.topic, partitions: t.partitions })),
      userData: assignment.userData,
    },
    version,
  );
}

/** An empty buffer (a member the leader gave nothing, or a failed sync) is an empty assignment. */
export function decodeAssignment(bytes: Uint8Array): Assignment {
  if (bytes.length === 0) return { partitions: [], userData: null };
  const a = decodeVersioned(ConsumerProtocolAssignment, bytes);
  return {
    partitions: a.assignedPartitions.map((t) => ({ topic: t.topic, partitions: t.partitions })),
    userData: a.userData,
  };
}
