// Runs `lk`: the bin from source in a child process, as a user's shell would, or the same run()
// inside the test process (no Node start-up, ~0.5 s of CPU each: for the commands whose process
// boundary proves nothing more).
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { KCAT } from '@lk/kafka-harness';
import { run } from '../src/run.ts';

const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));

export interface LkResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** `lk ...args` with `input` on stdin; killed after `timeoutMs`. */
export function lk(
  args: readonly string[],
  options: { input?: string | Buffer; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<LkResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@lk/source', BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: err });
    });
    child.stdin.end(options.input ?? '');
  });
}

/**
 * `lk ...args` through run(), the function behind the bin, with `input` as stdin and stdout and
 * stderr collected (not terminals); the environment as {@link lk} gives it.
 */
export async function lkInProcess(
  args: readonly string[],
  options: { input?: string | Buffer; env?: Record<string, string> } = {},
): Promise<LkResult> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  let err = '';
  stdout.on('data', (d: Buffer) => out.push(d));
  stderr.on('data', (d: Buffer) => (err += d));
  stdin.end(options.input ?? '');
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  const code = await run(args, { stdin, stdout, stderr, env });
  await new Promise((resolve) => setImmediate(resolve)); // 'data' events of the last writes
  return { code, stdout: Buffer.concat(out), stderr: err };
}

/** The command line of `lk` for a shell (tmux). */
export function lkCommandLine(args: readonly string[]): string {
  return [process.execPath, '--conditions=@lk/source', BIN, ...args]
    .map((a) => `'${a.replace(/'/g, "'\\''")}'`)
    .join(' ');
}

/** kcat with raw bytes in and out (the harness's kcat() decodes stdout as text). */
export function kcatRaw(args: readonly string[], input: Buffer | string = ''): Promise<LkResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(KCAT, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: err });
    });
    child.stdin.end(input);
  });
}
