// Shared helpers of the producer's broker tests.
import { randomUUID } from 'node:crypto';
import { kcat, kcatConnectArgs } from '@lk/kafka-harness';

/** A topic name no other test uses. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** The records of send call `call` of `perCall` each: values count up from 0, over 500 keys. */
export function numberedRecords(call: number, perCall: number): { key: string; value: string }[] {
  return Array.from({ length: perCall }, (_, j) => {
    const i = call * perCall + j;
    return { key: `k${i % 500}`, value: String(i) };
  });
}

/** One record as kcat read it. */
export interface ReadRecord {
  partition: number;
  offset: number;
  key: string;
  value: string;
}

/** Reads `count` records of `topic` with kcat (librdkafka), every partition, from the beginning. */
export async function readWithKcat(
  kafka: Parameters<typeof kcatConnectArgs>[0],
  topic: string,
  count: number,
): Promise<ReadRecord[]> {
  const result = await kcat(
    [
      ...kcatConnectArgs(kafka, 'plaintext'),
      '-C',
      '-t',
      topic,
      '-o',
      'beginning',
      '-e',
      '-c',
      String(count),
      '-f',
      '%p|%o|%k|%s\\n',
    ],
    { timeoutMs: 120_000 },
  );
  if (result.code !== 0) throw new Error(`kcat failed: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [partition, offset, key, ...value] = line.split('|');
      return { partition: Number(partition), offset: Number(offset), key: key!, value: value.join('|') };
    });
}

/** Counts, per key, what a partition's records say about loss, duplication and order. */
export function audit(
  read: readonly { partition: number; key: string; value: string }[],
  records: number,
): { lost: number; duplicated: number; reordered: number; misplaced: number } {
  const seen = new Set<number>();
  const lastByKey = new Map<string, number>();
  const partitionOfKey = new Map<string, number>();
  let duplicated = 0;
  let reordered = 0;
  let misplaced = 0;
  for (const r of read) {
    const i = Number(r.value);
    if (seen.has(i)) duplicated++;
    seen.add(i);
    // A key always lands in one partition; its values rise by `keys` from one record to the next.
    const where = partitionOfKey.get(r.key);
    if (where === undefined) partitionOfKey.set(r.key, r.partition);
    else if (where !== r.partition) misplaced++;
    const last = lastByKey.get(r.key);
    if (last !== undefined && i <= last) reordered++;
    lastByKey.set(r.key, Math.max(i, last ?? -1));
  }
  return { lost: records - seen.size, duplicated, reordered, misplaced };
}
