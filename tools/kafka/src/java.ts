// Running Java main classes from the resolved classpaths (StorageTool, perf/console tools).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ClasspathKind } from './classpath.ts';
import { resolveClasspath } from './classpath.ts';
import { renderLogConfig } from './config.ts';
import { cacheDir } from './paths.ts';
import type { KafkaVersion } from './versions.ts';
import { DEFAULT_KAFKA_VERSION } from './versions.ts';

export const JAVA =
  process.env.LK_JAVA || (process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java');

/** JVM flags for short-lived tools on a small box: fast start, little memory. */
export const TOOL_JVM_FLAGS = [
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
  '-Xshare:auto',
  '-XX:-UsePerfData',
  '-Djava.awt.headless=true',
];

export interface JavaToolOptions {
  version?: KafkaVersion;
  classpath?: ClasspathKind;
  heapMb?: number;
  /** kill the tool after this many ms (default 120000) */
  timeoutMs?: number;
  jvmArgs?: string[];
  /** written to the tool's stdin, then stdin is closed */
  input?: string | Buffer;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** full C2 JIT (for perf tools); default true for perf tools is the caller's choice */
  fullJit?: boolean;
}

export interface JavaToolResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Tool logging config lives next to the classpath cache (stable, shared, never deleted). */
function toolLogSysprop(version: KafkaVersion): string {
  const vdir = path.join(cacheDir(), version, 'tool-logging');
  const cfg = renderLogConfig(version, vdir, 'tool');
  let current: string | null = null;
  try {
    current = fs.readFileSync(cfg.file, 'utf8');
  } catch {
    /* missing */
  }
  if (current !== cfg.text) {
    fs.mkdirSync(vdir, { recursive: true });
    const tmp = `${cfg.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, cfg.text);
    fs.renameSync(tmp, cfg.file);
  }
  return cfg.sysprop;
}

/**
 * Runs `java -cp <classpath> mainClass ...args` and collects output. Resolves (never rejects)
 * with the exit code unless the JVM cannot be spawned at all.
 */
export async function runJava(
  mainClass: string,
  args: string[],
  opts: JavaToolOptions = {},
): Promise<JavaToolResult> {
  const version = opts.version ?? DEFAULT_KAFKA_VERSION;
  const cp = await resolveClasspath(version, opts.classpath ?? 'tools');
  const jvm = [
    `-Xmx${opts.heapMb ?? 512}m`,
    ...(opts.fullJit ? TOOL_JVM_FLAGS.filter((f) => !f.startsWith('-XX:TieredStopAtLevel')) : TOOL_JVM_FLAGS),
    toolLogSysprop(version),
    ...(opts.jvmArgs ?? []),
    '-cp',
    cp,
    mainClass,
    ...args,
  ];
  const timeoutMs = opts.timeoutMs ?? 120000;
  return new Promise((resolve, reject) => {
    const child = spawn(JAVA, jvm, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
        timedOut,
      });
    });
    child.stdin.on('error', () => {
      /* tool may exit before reading stdin */
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}
