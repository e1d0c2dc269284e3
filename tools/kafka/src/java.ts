// Running Java main classes from the resolved classpaths (StorageTool, perf/console tools).
import fs from 'node:fs';
import path from 'node:path';
import type { ClasspathKind } from './classpath.ts';
import { resolveClasspath } from './classpath.ts';
import { renderLogConfig } from './config.ts';
import { cacheDir } from './paths.ts';
import { type CommandResult, runCommand } from './process-util.ts';
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
  /** Called with the JVM's pid once it is spawned (the benchmark samples its peak RSS). */
  onSpawn?: (pid: number) => void;
}

export type JavaToolResult = CommandResult;

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
  return runCommand(JAVA, jvm, {
    timeoutMs,
    input: opts.input,
    cwd: opts.cwd,
    env: opts.env,
    onSpawn: opts.onSpawn,
  });
}
