// Preload for a bench worker: prints its memory once a second to stderr, to see whether memory
// grows with the amount of data (a leak) or only with the allocation rate (lazy GC).
//   node --conditions=@lk/source --import ./packages/client/bench/memory-log.ts packages/client/bench/throughput-worker.ts ...
const MiB = 1024 * 1024;
const started = performance.now();
setInterval(() => {
  const m = process.memoryUsage();
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  process.stderr.write(
    `${seconds}s rss=${(m.rss / MiB).toFixed(0)} heapUsed=${(m.heapUsed / MiB).toFixed(0)} ` +
      `arrayBuffers=${(m.arrayBuffers / MiB).toFixed(0)} MiB\n`,
  );
}, 1000).unref();
