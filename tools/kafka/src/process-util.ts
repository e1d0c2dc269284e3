// Small process helpers: liveness checks, graceful stop with SIGKILL fallback, a parent-death
// watchdog, log tails, and a registry that kills our JVMs when the Node process goes away.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // a zombie still answers kill(0); treat it as dead
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
  } catch {
    return false;
  }
  return true;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends `signal`, waits up to `graceMs` for exit, then SIGKILLs and waits a little more. */
export async function stopPid(
  pid: number,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 20000,
): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(100);
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  const hard = Date.now() + 5000;
  while (Date.now() < hard && isAlive(pid)) await sleep(50);
}

/**
 * Starts a detached shell that SIGTERMs (then SIGKILLs) `childPid` if `parentPid` dies first,
 * e.g. when the test runner is SIGKILLed, and then removes `removeDir`. Exits on its own once the
 * child is gone.
 */
export function spawnWatchdog(parentPid: number, childPid: number, removeDir?: string): number | undefined {
  const script = [
    'while kill -0 "$2" 2>/dev/null; do',
    '  if ! kill -0 "$1" 2>/dev/null; then',
    '    kill -TERM "$2" 2>/dev/null; i=0',
    '    while kill -0 "$2" 2>/dev/null && [ $i -lt 20 ]; do sleep 0.5; i=$((i+1)); done',
    '    kill -KILL "$2" 2>/dev/null',
    '    if [ -n "$3" ]; then sleep 1; rm -rf "$3"; fi',
    '    exit 0',
    '  fi',
    '  sleep 1',
    'done',
  ].join('\n');
  const w = spawn(
    '/bin/sh',
    ['-c', script, 'lk-kafka-watchdog', String(parentPid), String(childPid), removeDir ?? ''],
    {
      detached: true,
      stdio: 'ignore',
    },
  );
  w.unref();
  return w.pid;
}

export function tail(file: string, lines = 40): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  } catch (e) {
    return `(cannot read ${file}: ${(e as Error).message})`;
  }
}

/** Synchronous emergency cleanup hooks run on process exit / SIGINT / SIGTERM / SIGHUP. */
const hooks = new Set<() => void>();
let installed = false;

function runHooks(): void {
  for (const h of [...hooks]) {
    try {
      h();
    } catch {
      /* best effort */
    }
  }
  hooks.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  runHooks();
  process.removeListener(signal, onSignal);
  // keep default semantics when nobody else handles the signal
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

export function registerExitHook(hook: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', runHooks);
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
  }
  hooks.add(hook);
  return () => {
    hooks.delete(hook);
  };
}

/** What a finished (or killed) command printed and how it ended. */
export interface CommandResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the command was SIGKILLed for running past its timeout. */
  timedOut: boolean;
}

export interface RunCommandOptions {
  /** Written to the command's stdin, which is then closed. */
  input?: string | Buffer;
  /** SIGKILL after this many ms. */
  timeoutMs: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Called with the child's pid once it is spawned (e.g. to sample its memory from /proc). */
  onSpawn?: (pid: number) => void;
}

/** Runs a command to completion with a hard timeout, collecting its output (never rejects on exit codes). */
export function runCommand(command: string, args: string[], opts: RunCommandOptions): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) opts.onSpawn?.(child.pid);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
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
    // The command may exit before reading its stdin.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input);
  });
}
