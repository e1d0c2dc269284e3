// Shared helpers of the consumer's broker tests.
import { randomUUID } from 'node:crypto';
import { BootstrapClient, PartitionProducer } from '@lk/client';
import type { Consumer, PartitionBatch } from '../src/index.ts';

export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** Creates a topic named `<prefix>-<random>` with `partitions` partitions (replication factor 1). */
export async function newTopic(bootstrap: string, prefix: string, partitions: number): Promise<string> {
  const topic = unique(prefix);
  await new BootstrapClient(bootstrap).createTopic(topic, {
    numPartitions: partitions,
    replicationFactor: 1,
  });
  return topic;
}

/** Produces `perPartition` records `p<partition>-<i><padding>` to each partition, in batches of 500. */
export async function produce(
  bootstrap: string,
  topic: string,
  partitions: number,
  perPartition: number,
  padding = '',
): Promise<void> {
  await Promise.all(
    Array.from({ length: partitions }, async (_, partition) => {
      const producer = new PartitionProducer({ bootstrap, topic, partition });
      try {
        for (let i = 0; i < perPartition; i += 500) {
          const n = Math.min(500, perPartition - i);
          await producer.produceStrings(
            Array.from({ length: n }, (_, k) => `p${partition}-${i + k}${padding}`),
          );
        }
      } finally {
        producer.close();
      }
    }),
  );
}

const decoder = new TextDecoder();

/** Record values of a batch. */
export function values(batch: PartitionBatch): string[] {
  return batch.records.map((r) => decoder.decode(r.value!));
}

/** Consumes until `count` records were seen (or `timeoutMs` passed); returns the values seen. */
export async function consumeCount(consumer: Consumer, count: number, timeoutMs = 60_000): Promise<string[]> {
  const seen: string[] = [];
  const signal = AbortSignal.timeout(timeoutMs);
  for await (const batch of consumer.batches(signal)) {
    seen.push(...values(batch));
    if (seen.length >= count) break;
  }
  return seen;
}

/** Resolves once `predicate` holds, polling every 50 ms, or fails after `timeoutMs`. */
export async function until(predicate: () => boolean, timeoutMs = 60_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
