/**
 * CPU milliseconds (user + system, all threads of this process) that `work` took. Unlike wall-clock
 * time it hardly grows when other processes load the machine, so a bound on it holds on a busy CI
 * machine and still catches work that should not have been done (a bomb inflated to its end).
 */
export async function cpuMillis(work: () => unknown): Promise<number> {
  const before = process.cpuUsage();
  await work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}
