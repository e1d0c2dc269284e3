// The child process of decompress-memory.ts: argv = codec module URL, factory name, maxOutputSize;
// stdin = the input in hex. Prints a DecompressMemory as JSON.
import { readFileSync } from 'node:fs';
import type { Codec } from '@lk/batch';

function peaks(): { rss: number; virtual: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]);
  return { rss: kib('VmHWM'), virtual: kib('VmPeak') };
}

const [moduleUrl, factory, max] = process.argv.slice(2) as [string, string, string];
const make = (await import(moduleUrl))[factory] as () => Codec;
const codec = make();
const options = { maxOutputSize: Number(max) };
const input = Buffer.from(readFileSync(0, 'utf8').trim(), 'hex');
// Load the native module and reach a steady state before measuring.
for (let i = 0; i < 3; i++) codec.decompress(codec.compress(Buffer.alloc(4096, i)), options);
const before = peaks();
let error: Error | null = null;
for (let i = 0; i < 3; i++) {
  try {
    codec.decompress(input, options);
  } catch (thrown) {
    error ??= thrown as Error;
  }
}
const after = peaks();
process.stdout.write(
  JSON.stringify({
    peakRssKiB: after.rss - before.rss,
    peakVirtualKiB: after.virtual - before.virtual,
    error: error && { name: error.name, code: (error as { code?: string }).code, message: error.message },
  }),
);
