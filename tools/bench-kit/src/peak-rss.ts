// Peak resident memory of another process (the Java perf tools), sampled from /proc.
import { readFileSync } from 'node:fs';

const SAMPLE_MS = 100;

/**
 * Samples `/proc/<pid>/status` every 100 ms until {@link stop}. `VmHWM` is the kernel's own
 * high-water mark of the resident set, so the last successful sample is the peak up to that moment
 * even though the process may spike between samples; the figure only misses growth in the last
 * 100 ms before exit. Linux only.
 */
export function watchPeakRss(pid: number): { stop(): number | null } {
  let peakKiB: number | null = null;
  const sample = (): void => {
    let status: string;
    try {
      status = readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      return; // exited, or not Linux
    }
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    if (match) peakKiB = Math.max(peakKiB ?? 0, Number(match[1]));
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  return {
    /** Stops sampling; the peak in MiB, or null if never read. */
    stop() {
      clearInterval(timer);
      return peakKiB === null ? null : peakKiB / 1024;
    },
  };
}
