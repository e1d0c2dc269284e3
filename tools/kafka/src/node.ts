// One Kafka node (combined broker+controller): storage format, JVM start, stop.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { NodePorts, SaslUsers } from './config.ts';
import { JAVA, TOOL_JVM_FLAGS } from './java.ts';
import { isAlive, runCommand, spawnWatchdog, stopPid, tail } from './process-util.ts';

export interface NodeLayout {
  id: number;
  ports: NodePorts;
  /** node directory: server.properties, broker.log, data/ */
  dir: string;
  propsFile: string;
  logFile: string;
  dataDir: string;
}

export interface NodeRuntime {
  classpath: string;
  /** -Dlog4j2.configurationFile=... or -Dlog4j.configuration=file:... */
  logSysprop: string;
  heapMb: number;
}

export function nodeLayout(clusterDir: string, id: number, ports: NodePorts): NodeLayout {
  const dir = path.join(clusterDir, `node-${id}`);
  return {
    id,
    ports,
    dir,
    propsFile: path.join(dir, 'server.properties'),
    logFile: path.join(dir, 'broker.log'),
    dataDir: path.join(dir, 'data'),
  };
}

/** Formats the node's storage with the cluster id and the SCRAM users (static quorum, no --standalone). */
export async function formatNode(
  layout: NodeLayout,
  rt: NodeRuntime,
  clusterId: string,
  users: SaslUsers,
  timeoutMs = 120000,
): Promise<void> {
  const scram = users.scram;
  const args = [
    '-Xmx256m',
    ...TOOL_JVM_FLAGS,
    rt.logSysprop,
    '-cp',
    rt.classpath,
    'kafka.tools.StorageTool',
    'format',
    '-c',
    layout.propsFile,
    '-t',
    clusterId,
    '--add-scram',
    `SCRAM-SHA-256=[name=${scram.username},password=${scram.password}]`,
    '--add-scram',
    `SCRAM-SHA-512=[name=${scram.username},password=${scram.password}]`,
  ];
  const result = await runCommand(JAVA, args, { timeoutMs });
  const out = result.stdout + result.stderr;
  fs.writeFileSync(path.join(layout.dir, 'format.log'), out);
  if (result.code !== 0) {
    throw new Error(
      `StorageTool format for node ${layout.id} failed (code ${result.code}, signal ${result.signal}):\n${out.trim().split('\n').slice(-30).join('\n')}`,
    );
  }
}

export interface SpawnedNode {
  pid: number;
  watchdogPid?: number;
  /** resolves with the exit code when the JVM exits (only for attached children) */
  exited: Promise<number | null> | null;
}

/**
 * Starts the broker JVM with stdout/stderr appended to layout.logFile.
 * detached=true: new session, unref'd, survives this process (CLI). Otherwise a parent-death
 * watchdog is attached so a killed test runner does not leave the JVM behind.
 */
export function spawnNode(
  layout: NodeLayout,
  rt: NodeRuntime,
  opts: { detached: boolean; removeDirOnParentDeath?: string },
): SpawnedNode {
  const fd = fs.openSync(layout.logFile, 'a');
  const args = [
    `-Xms${Math.min(rt.heapMb, 256)}m`,
    `-Xmx${rt.heapMb}m`,
    '-XX:+UseSerialGC',
    '-XX:-UsePerfData',
    '-XX:CICompilerCount=2',
    '-Xss512k',
    '-XX:MaxDirectMemorySize=256m',
    '-Djava.awt.headless=true',
    '-Djava.net.preferIPv4Stack=true',
    rt.logSysprop,
    `-Dkafka.logs.dir=${layout.dir}`,
    '-cp',
    rt.classpath,
    'kafka.Kafka',
    layout.propsFile,
  ];
  fs.writeSync(
    fd,
    `# ${new Date().toISOString()} ${JAVA} ${args.map((a) => (a === rt.classpath ? '<classpath>' : a)).join(' ')}\n`,
  );
  const child = spawn(JAVA, args, { detached: true, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  if (!child.pid) throw new Error(`failed to spawn ${JAVA} for node ${layout.id}`);
  let exited: Promise<number | null> | null = null;
  let watchdogPid: number | undefined;
  if (opts.detached) {
    child.unref();
  } else {
    exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    watchdogPid = spawnWatchdog(process.pid, child.pid, opts.removeDirOnParentDeath);
  }
  child.on('error', () => {
    /* reported via readiness */
  });
  return { pid: child.pid, watchdogPid, exited };
}

export async function stopNodeProcess(
  pid: number,
  watchdogPid: number | undefined,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 20000,
): Promise<void> {
  await stopPid(pid, signal, graceMs);
  if (watchdogPid && isAlive(watchdogPid)) {
    try {
      process.kill(watchdogPid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

export function logTail(layout: NodeLayout, lines = 40): string {
  return `--- ${layout.logFile} (last ${lines} lines) ---\n${tail(layout.logFile, lines)}`;
}
