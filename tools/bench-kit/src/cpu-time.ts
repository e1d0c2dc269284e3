// CPU time of another process (a JVM tool, a broker), read from /proc: a load-independent measure
// of work, where wall-clock rates on a shared 2-core machine are not.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const SAMPLE_MS = 100;
let ticksPerSecond: number | undefined;

/** User + system CPU seconds `pid` has used so far (its own threads; not its children), or null once gone. Linux only. */
export function cpuSecondsOf(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after the command name (which may hold spaces, so cut at its closing parenthesis):
  // utime and stime are the 14th and 15th fields of the line, in clock ticks.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/**
 * Samples {@link cpuSecondsOf} every 100 ms until {@link stop}; the last sample is the figure, so
 * it misses at most the last 100 ms of a process that exits first.
 */
export function watchCpuSeconds(pid: number): { stop(): number | null } {
  let last = cpuSecondsOf(pid);
  const timer = setInterval(() => (last = cpuSecondsOf(pid) ?? last), SAMPLE_MS);
  return {
    stop() {
      clearInterval(timer);
      return last;
    },
  };
}
