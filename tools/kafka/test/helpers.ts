// Shared helpers for the harness integration tests.

import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { KafkaInfo } from '../src/cluster.ts';
import { runJava } from '../src/java.ts';
import type { ConnectionOverrides, KcatListener, KcatResult } from '../src/kcat.ts';
import { KCAT, kcat, kcatConnectArgs } from '../src/kcat.ts';

export const KCAT_TIMEOUT_MS = 30000;

export function uniqueTopic(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${crypto.randomBytes(3).toString('hex')}`;
}

export function records(n: number): Array<{ key: string; value: string }> {
  const salt = crypto.randomBytes(4).toString('hex');
  return Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `value-${i}-${salt}` }));
}

/** Produces keyed records with kcat (-K:) and reads them back from the beginning. */
export async function kcatRoundTrip(
  info: KafkaInfo,
  listener: KcatListener,
  topic: string,
  recs: Array<{ key: string; value: string }>,
  extraProduce: string[] = [],
): Promise<{ produce: KcatResult; consume: KcatResult; got: Array<{ key: string; value: string }> }> {
  const conn = kcatConnectArgs(info, listener);
  const produce = await kcat([...conn, '-P', '-t', topic, '-K', ':', ...extraProduce], {
    input: recs.map((r) => `${r.key}:${r.value}\n`).join(''),
    timeoutMs: KCAT_TIMEOUT_MS,
  });
  if (produce.code !== 0) return { produce, consume: produce, got: [] };
  const consume = await kcat(
    [...conn, '-C', '-t', topic, '-o', 'beginning', '-e', '-c', String(recs.length), '-f', '%k\t%s\n'],
    { timeoutMs: KCAT_TIMEOUT_MS },
  );
  const got = keyValueLines(consume.stdout, '\t');
  return { produce, consume, got };
}

/** kcat -L that is expected to fail quickly (metadata timeout 3 s). */
export function kcatMetadata(
  info: KafkaInfo,
  listener: KcatListener,
  o: ConnectionOverrides = {},
): Promise<KcatResult> {
  return kcat([...kcatConnectArgs(info, listener, o), '-L', '-m', '3'], { timeoutMs: KCAT_TIMEOUT_MS });
}

/** librdkafka version linked by kcat, e.g. [2, 0, 2]. */
export function librdkafkaVersion(): number[] {
  const out = execFileSync(KCAT, ['-V'], { encoding: 'utf8', timeout: 10000 });
  const m = /librdkafka (\d+)\.(\d+)\.(\d+)/.exec(out);
  if (!m) throw new Error(`cannot parse librdkafka version from kcat -V: ${out}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/**
 * librdkafka < 2.6.1 sends a wrong SCRAM client-final nonce that Kafka 4.x rejects
 * (confluentinc/librdkafka#4895; Debian bookworm ships 2.0.2). 3.9 brokers accept it.
 */
export function kcatScramWorksAgainst(version: string): boolean {
  if (!version.startsWith('4.')) return true;
  const [a = 0, b = 0, c = 0] = librdkafkaVersion();
  return a > 2 || (a === 2 && (b > 6 || (b === 6 && c >= 1)));
}

/** Java ConsoleProducer/ConsoleConsumer (4.x flags) round trip with a client properties file. */
export async function javaConsoleRoundTrip(
  bootstrap: string,
  clientProps: Record<string, string>,
  topic: string,
  recs: Array<{ key: string; value: string }>,
): Promise<{
  produceCode: number | null;
  consumeCode: number | null;
  got: Array<{ key: string; value: string }>;
  stderr: string;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-java-client-'));
  try {
    const props = path.join(dir, 'client.properties');
    fs.writeFileSync(
      props,
      Object.entries(clientProps)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
    );
    // The 4.3.1 console tools (and their 4.x flags) against any broker: Java clients 4.x talk to 3.9 too.
    const common = { version: '4.3.1' as const, classpath: 'tools' as const, timeoutMs: 60000, heapMb: 256 };
    const p = await runJava(
      'org.apache.kafka.tools.ConsoleProducer',
      [
        '--bootstrap-server',
        bootstrap,
        '--topic',
        topic,
        '--command-config',
        props,
        '--reader-property',
        'parse.key=true',
        '--reader-property',
        'key.separator=:',
        '--command-property',
        'acks=all',
      ],
      { ...common, input: recs.map((r) => `${r.key}:${r.value}\n`).join('') },
    );
    if (p.code !== 0) return { produceCode: p.code, consumeCode: null, got: [], stderr: p.stderr };
    const c = await runJava(
      'org.apache.kafka.tools.consumer.ConsoleConsumer',
      [
        '--bootstrap-server',
        bootstrap,
        '--topic',
        topic,
        '--command-config',
        props,
        '--from-beginning',
        '--max-messages',
        String(recs.length),
        '--timeout-ms',
        '30000',
        '--formatter-property',
        'print.key=true',
        '--formatter-property',
        'key.separator=|',
      ],
      common,
    );
    const got = keyValueLines(c.stdout, '|');
    return { produceCode: p.code, consumeCode: c.code, got, stderr: p.stderr + c.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function scramClientProps(
  mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512',
  username: string,
  password: string,
): Record<string, string> {
  return {
    'security.protocol': 'SASL_PLAINTEXT',
    'sasl.mechanism': mechanism,
    'sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="${username}" password="${password}";`,
  };
}

/** PIDs of running JVMs whose command line mentions `needle`. */
export function jvmPidsMentioning(needle: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8', timeout: 10000 });
  return out
    .split('\n')
    .filter((l) => l.includes('java') && l.includes(needle))
    .map((l) => Number(l.trim().split(/\s+/)[0]));
}

/** Java AdminClient call (ConfigCommand --describe users) with client properties; returns the exit code and output. */
export async function javaAdminDescribe(
  info: KafkaInfo,
  bootstrap: string,
  clientProps: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lk-java-admin-'));
  try {
    const props = path.join(dir, 'client.properties');
    fs.writeFileSync(
      props,
      Object.entries({ 'default.api.timeout.ms': '15000', 'request.timeout.ms': '10000', ...clientProps })
        .map(([k, v]) => `${k}=${v}`)
        .join('\n') + '\n',
    );
    const r = await runJava(
      'kafka.admin.ConfigCommand',
      ['--bootstrap-server', bootstrap, '--command-config', props, '--describe', '--entity-type', 'users'],
      { version: info.version, classpath: 'broker', timeoutMs: 60000, heapMb: 256 },
    );
    return { code: r.code, stdout: r.stdout, stderr: r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Parses a console consumer's `key<separator>value` lines (the key must not contain the separator). */
function keyValueLines(stdout: string, separator: string): Array<{ key: string; value: string }> {
  return stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const at = line.indexOf(separator);
      return { key: line.slice(0, at), value: line.slice(at + separator.length) };
    });
}
