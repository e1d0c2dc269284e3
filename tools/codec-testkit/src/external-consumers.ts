// Reading a partition with other clients: kcat (librdkafka) and the Java ConsoleConsumer, each
// printing every field of every record on one line, plus the line each should print for a record
// lk wrote, so tests compare exact output.
import { LkError } from '@lk/batch';
import { javaTool, kcat } from '@lk/kafka-harness';
import type { TimedTextRecord } from './interop-records.ts';
import { checkTool } from './tool-result.ts';

/** A record as read back: its fields, offset and timestamp. */
export interface ConsumedRecord extends TimedTextRecord {
  offset: number;
}

/** kcat's `-f` format: offset, key length and key, value length and value, headers, timestamp. */
const KCAT_FORMAT = '%o\\t%K\\t%k\\t%S\\t%s\\t%h\\t%T\\n';

/**
 * The line kcat prints for `record` with {@link KCAT_FORMAT} and `-Z`: a null or empty key or value
 * shows as `NULL`, told apart by its length (-1 or 0); headers as `k=v,k=v`, null as `NULL`.
 */
export function kcatLine(record: ConsumedRecord): string {
  const field = (s: string | null) =>
    s === null ? '-1\tNULL' : `${new TextEncoder().encode(s).length}\t${s || 'NULL'}`;
  const headers = record.headers.map(([k, v]) => `${k}=${v ?? 'NULL'}`).join(',');
  return [record.offset, field(record.key), field(record.value), headers, record.timestamp].join('\t');
}

/**
 * The line Java's ConsoleConsumer prints with timestamp, offset, headers and key:
 * `CreateTime:<ts>\tOffset:<o>\t<k:v,k:v | NO_HEADERS>\t<key>\t<value>`, null as `null`.
 */
export function javaLine(record: ConsumedRecord): string {
  const headers = record.headers.length
    ? record.headers.map(([k, v]) => `${k}:${v ?? 'null'}`).join(',')
    : 'NO_HEADERS';
  return [
    `CreateTime:${record.timestamp}`,
    `Offset:${record.offset}`,
    headers,
    record.key ?? 'null',
    record.value ?? 'null',
  ].join('\t');
}

/** The first `count` records of partition 0, as kcat prints them (see {@link kcatLine}). */
export async function consumeWithKcat(bootstrap: string, topic: string, count: number): Promise<string[]> {
  const args = ['-b', bootstrap, '-C', '-t', topic, '-o', 'beginning', '-c', String(count), '-e', '-Z'];
  const result = await kcat([...args, '-f', KCAT_FORMAT]);
  checkTool('kcat', result);
  return result.stdout.split('\n').slice(0, count);
}

/** How long ConsoleConsumer waits for a record before giving up; the JVM gets 30 s more to exit. */
const IDLE_TIMEOUT_MS = 90_000;

/**
 * The first `count` records of partition 0, as Java's ConsoleConsumer prints them (see {@link javaLine}).
 * It reads by assignment, not in a group: a group would put the coordinator (and, on a fresh broker, the
 * creation of `__consumer_offsets`) on the path, which once took longer than the poll timeout in CI.
 */
export async function consumeWithJava(bootstrap: string, topic: string, count: number): Promise<string[]> {
  const print = (field: string) => ['--formatter-property', `print.${field}=true`];
  const result = await javaTool(
    'org.apache.kafka.tools.consumer.ConsoleConsumer',
    [
      '--bootstrap-server',
      bootstrap,
      '--topic',
      topic,
      '--partition',
      '0',
      '--offset',
      'earliest',
      '--max-messages',
      String(count),
      '--timeout-ms',
      String(IDLE_TIMEOUT_MS),
      ...print('timestamp'),
      ...print('offset'),
      ...print('headers'),
      ...print('key'),
    ],
    { timeoutMs: IDLE_TIMEOUT_MS + 30_000 },
  );
  checkTool('ConsoleConsumer', result);
  const lines = result.stdout.split('\n').slice(0, count);
  // ConsoleConsumer logs any error while receiving (a timeout, a record it cannot decode) and still
  // exits 0, so a short read is the only sign: report what it logged rather than an empty diff.
  if (lines.length < count || lines.at(-1) === '') {
    throw new LkError(
      'LK_TESTKIT_TOOL',
      `ConsoleConsumer printed fewer than ${count} records: ${result.stderr.slice(-2000)}`,
    );
  }
  return lines;
}
