// Shared helpers of the producer's broker tests.
import { randomUUID } from 'node:crypto';
import { kcat, kcatConnectArgs } from '@lk/kafka-harness';

/** A topic name no other test uses. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
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
