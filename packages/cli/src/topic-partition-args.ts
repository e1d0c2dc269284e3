// Partitions on the command line: `TOPIC` (every partition), `TOPIC:PARTITION`, and with a value
// `TOPIC:PARTITION=OFFSET` (what `lk groups alter-offsets` commits).
import type { TopicPartition } from '@lk/admin';
import { partitionNumbers } from './admin-session.ts';
import type { Context } from './command.ts';
import { UsageError } from './errors.ts';

/** `TOPIC:PARTITION`, or `{ topic }` alone for a bare `TOPIC` when `bare` is allowed. */
export function parseTopicPartition(text: string, bare: boolean): TopicPartition | { topic: string } {
  const colon = text.lastIndexOf(':');
  if (colon < 0) {
    if (!bare || text === '') throw new UsageError(`expected TOPIC:PARTITION, got '${text}'`);
    return { topic: text };
  }
  const topic = text.slice(0, colon);
  const partition = text.slice(colon + 1);
  if (topic === '' || !/^\d+$/.test(partition) || Number(partition) > 2 ** 31 - 1)
    throw new UsageError(`expected TOPIC:PARTITION, got '${text}'`);
  return { topic, partition: Number(partition) };
}

/** Each `TOPIC:PARTITION` (and each partition of a bare `TOPIC`, from the broker). */
export async function topicPartitions(ctx: Context, args: readonly string[]): Promise<TopicPartition[]> {
  const out: TopicPartition[] = [];
  for (const arg of args) {
    const parsed = parseTopicPartition(arg, true);
    if ('partition' in parsed) out.push(parsed);
    else
      for (const partition of await partitionNumbers(ctx, parsed.topic))
        out.push({ topic: parsed.topic, partition });
  }
  return out;
}

/** `TOPIC:PARTITION=OFFSET`. */
export function parsePartitionOffset(text: string): TopicPartition & { offset: bigint } {
  const eq = text.lastIndexOf('=');
  const offset = text.slice(eq + 1);
  if (eq < 0 || !/^\d+$/.test(offset)) throw new UsageError(`expected TOPIC:PARTITION=OFFSET, got '${text}'`);
  const tp = parseTopicPartition(text.slice(0, eq), false) as TopicPartition;
  return { ...tp, offset: BigInt(offset) };
}
