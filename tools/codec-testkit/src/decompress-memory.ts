// How much memory one decompression takes, measured where nothing else runs: a fresh Node process
// (Linux /proc), so that native codecs' allocations count too, which the V8 heap statistics miss.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Growth of the process's peaks while it decompressed the input (three times, errors caught). */
export interface DecompressMemory {
  /** VmHWM: resident memory actually touched. */
  peakRssKiB: number;
  /** VmPeak: address space reserved (glibc held to one arena, so a large malloc shows here). */
  peakVirtualKiB: number;
  /** What the first decompression threw, or null. */
  error: { name: string; code: string | undefined; message: string } | null;
}

const child = fileURLToPath(new URL('./decompress-memory-child.ts', import.meta.url));

/**
 * Decompresses `input` with the codec that `factory` of `codecModule` (a file URL of its source)
 * makes, in a child process, after a warm-up round trip that loads any native module.
 * @example `decompressMemory(new URL('../src/index.ts', import.meta.url), 'snappy', bomb).peakRssKiB`
 */
export function decompressMemory(
  codecModule: URL,
  factory: string,
  input: Uint8Array,
  maxOutputSize = 64 * 1024 * 1024,
): DecompressMemory {
  const args = ['--conditions=@lk/source', child, codecModule.href, factory, String(maxOutputSize)];
  const result = spawnSync(process.execPath, args, {
    input: Buffer.from(input).toString('hex'),
    env: { ...process.env, MALLOC_ARENA_MAX: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status !== 0) throw new Error(`decompress-memory child failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as DecompressMemory;
}
