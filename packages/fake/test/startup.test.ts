// "Starts in milliseconds, no Java, no files": a three-broker cluster starts and closes in far less
// time than a JVM takes to start (a Kafka broker needs seconds), runs no other process and writes
// no file: what the README promises users who put one in every test.
import { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeCluster } from '../src/index.ts';

const RUNS = 10;
/**
 * Median of start + close, three brokers: measured at 0.7-5 ms (the first, cold run 29-131 ms) on
 * 2 cores at a load average of 15; a JVM alone takes longer than this to print its version.
 */
const MEDIAN_BOUND_MS = 200;

/** Processes whose parent is this one (a broker in a JVM, a helper binary), from /proc. */
function childProcesses(): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === process.pid) children.push(Number(entry));
  }
  return children;
}

/** Regular files (not sockets, pipes or devices) this process holds open, from /proc/self/fd. */
function openFiles(): Set<string> {
  const files = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // the fd used to list the directory itself, closed meanwhile
    }
    if (target.startsWith('/') && !target.startsWith('/dev/') && !target.startsWith('/proc/'))
      files.add(target);
  }
  return files;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe('FakeCluster.start', () => {
  const savedTmpdir = process.env.TMPDIR;
  let privateTmp: string | null = null;
  afterEach(() => {
    vi.restoreAllMocks();
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    if (privateTmp !== null) rmSync(privateTmp, { recursive: true, force: true });
  });

  it('starts and closes three brokers in milliseconds, with no child process and no file', async () => {
    // Anything that asked for a temporary directory would now write into this empty one.
    privateTmp = mkdtempSync(join(tmpdir(), 'lk-fake-startup-'));
    process.env.TMPDIR = privateTmp;
    expect(tmpdir()).toBe(privateTmp);
    const cwdBefore = readdirSync(process.cwd()).sort();
    const filesBefore = openFiles();
    // Not in Node's types, but every spawn, exec, execFile and fork goes through it.
    const spawned = vi.spyOn(ChildProcess.prototype as unknown as { spawn(): void }, 'spawn');
    const childrenBefore = childProcesses();

    const durations: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      const cluster = await FakeCluster.start({
        brokers: 3,
        topics: { events: { partitions: 6 }, orders: { partitions: 3 } },
      });
      expect(cluster.bootstrap.split(',')).toHaveLength(3);
      if (run === 0) {
        // While it runs: no process of its own, no file held open (a broker's log segments).
        expect(childProcesses()).toEqual(childrenBefore);
        expect([...openFiles()].filter((f) => !filesBefore.has(f))).toEqual([]);
      }
      await cluster.close();
      durations.push(performance.now() - started);
    }

    expect(median(durations)).toBeLessThan(MEDIAN_BOUND_MS);
    expect(spawned).not.toHaveBeenCalled();
    expect(childProcesses()).toEqual(childrenBefore);
    expect(readdirSync(privateTmp)).toEqual([]);
    expect(readdirSync(process.cwd()).sort()).toEqual(cwdBefore);
  });
});
