// Golden test: lk's default partitioner against the partition Kafka's own kafka-clients jar
// computes (BuiltInPartitioner.partitionForKey), for 10,000 keys and several partition counts.
import { fileURLToPath } from 'node:url';
import { javaTool } from '@lk/kafka-harness';
import { expect, inject, it } from 'vitest';
import { murmur2, partitionForKey } from '../src/murmur2.ts';

const kafka = inject('kafka');
const COUNTS = [1, 3, 6, 7, 100];
const KEYS = 10_000;
const JAVA_SOURCE = fileURLToPath(new URL('./java/PartitionForKeys.java', import.meta.url));

/** Deterministic keys: text keys as users write them, and binary keys of every length 0..64. */
function goldenKeys(): Uint8Array[] {
  const utf8 = new TextEncoder();
  let seed = 0x2545f491;
  const nextByte = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed & 0xff;
  };
  const keys: Uint8Array[] = [];
  for (let i = 0; i < KEYS / 2; i++) keys.push(utf8.encode(i % 3 === 0 ? `user-${i}` : `k${i}-é✓`));
  for (let i = 0; keys.length < KEYS; i++) keys.push(Uint8Array.from({ length: i % 65 }, nextByte));
  return keys;
}

it('puts every key in the partition the Java client chooses', async () => {
  const keys = goldenKeys();
  const input = keys.map((key) => Buffer.from(key).toString('hex')).join('\n');
  // The JVM's single-file source launcher compiles the program against the Kafka tools classpath.
  const result = await javaTool(JAVA_SOURCE, COUNTS.map(String), {
    version: kafka.version,
    input,
    timeoutMs: 120_000,
  });
  expect(result.code, result.stderr).toBe(0);
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(KEYS);
  let mismatches = 0;
  keys.forEach((key, i) => {
    const expected = lines[i]!.split(' ').map(Number);
    const actual = COUNTS.map((count) => partitionForKey(key, count));
    if (actual.join(' ') !== expected.join(' ')) mismatches++;
  });
  expect(mismatches).toBe(0);
  // The hash itself, for keys whose Java value is published in Kafka's own tests (UtilsTest.testMurmur2).
  expect(murmur2(new TextEncoder().encode('21'))).toBe(-973932308);
});
