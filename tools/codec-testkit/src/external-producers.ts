// Batches written by other clients: kcat (librdkafka) and the Java ConsoleProducer, compressed or
// not, from the text records of interop-records.ts.
import { LkError } from '@lk/batch';
import { javaTool, kcat } from '@lk/kafka-harness';
import type { TextRecord } from './interop-records.ts';
import { checkTool } from './tool-result.ts';

/** Kafka's name of a compression type, as kcat's `-z` and Java's `--compression-codec` take it. */
export type CompressionName = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/** The null marker given to Java's `null.marker`; never a real key, value or header value. */
const JAVA_NULL = '<NULL>';

/**
 * Produces `records` with `kcat -P -K '\t' -Z`: keys after a tab, empty keys and values sent as
 * null. kcat puts the same `-H` headers on every record, so all records must share the first's.
 * @throws {LkError} `LK_TESTKIT_TOOL` when kcat fails or the records cannot be expressed.
 */
export async function produceWithKcat(
  bootstrap: string,
  topic: string,
  records: readonly TextRecord[],
  compression: CompressionName = 'none',
): Promise<void> {
  const headers = records[0]?.headers ?? [];
  const expressible = records.every(
    (r) => r.key !== '' && r.value !== '' && JSON.stringify(r.headers) === JSON.stringify(headers),
  );
  if (!expressible) throw new LkError('LK_TESTKIT_TOOL', 'kcat cannot write these records');
  const headerArgs = headers.flatMap(([key, value]) => ['-H', value === null ? key : `${key}=${value}`]);
  const input = records.map((r) => `${r.key ?? ''}\t${r.value ?? ''}\n`).join('');
  const args = ['-b', bootstrap, '-P', '-t', topic, '-K', '\t', '-Z', '-z', compression, ...headerArgs];
  const result = await kcat(args, { input });
  checkTool('kcat', result);
}

/**
 * Produces `records` with Java's ConsoleProducer, one line each: `headers \t key \t value` (headers
 * `k:v,k:v`), with `<NULL>` for null. Keys and headers are parsed only when some record has them;
 * when headers are, every record needs at least one.
 * @throws {LkError} `LK_TESTKIT_TOOL` when the tool exits non-zero (it exits 0 on send failures:
 * callers check what reached the broker).
 */
export async function produceWithJava(
  bootstrap: string,
  topic: string,
  records: readonly TextRecord[],
  compression: CompressionName = 'none',
): Promise<void> {
  const withKeys = records.some((r) => r.key !== null);
  const withHeaders = records.some((r) => r.headers.length > 0);
  const line = (r: TextRecord) => {
    const fields = [r.value ?? JAVA_NULL];
    if (withKeys) fields.unshift(r.key ?? JAVA_NULL);
    if (withHeaders) fields.unshift(r.headers.map(([k, v]) => `${k}:${v ?? JAVA_NULL}`).join(','));
    return `${fields.join('\t')}\n`;
  };
  const reader = (property: string) => ['--reader-property', property];
  const result = await javaTool(
    'org.apache.kafka.tools.ConsoleProducer',
    [
      '--bootstrap-server',
      bootstrap,
      '--topic',
      topic,
      // Sets compression.type (default none), over any --producer-property.
      '--compression-codec',
      compression,
      ...reader(`parse.key=${withKeys}`),
      ...reader(`parse.headers=${withHeaders}`),
      ...reader(`null.marker=${JAVA_NULL}`),
    ],
    { input: records.map(line).join('') },
  );
  checkTool('ConsoleProducer', result);
}
