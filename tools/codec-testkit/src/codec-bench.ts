// The benchmark every @lk/compress-* package runs: one payload, lk beside the codec packages of
// KafkaJS and Platformatic, compress and decompress MB/s and the ratio, in one process.
import { bench } from '@lk/bench-kit';
import { jsonLines } from './sample-data.ts';

/** One implementation under test. Results may be promises (KafkaJS codecs are async). */
export interface CodecImpl {
  name: string;
  compress(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  decompress(packed: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** The payload: 1 MiB of JSON lines. */
export const PAYLOAD: Uint8Array = jsonLines(1024 * 1024);

/**
 * Checks that every implementation round-trips {@link PAYLOAD}, prints each one's compression
 * ratio, then benchmarks compression and decompression (the first implementation is the baseline).
 */
export async function runCodecBench(codec: string, impls: readonly CodecImpl[]): Promise<void> {
  const packed: Uint8Array[] = [];
  console.log(`\n### ${codec}: ratio on 1 MiB of JSON lines (node ${process.version})\n`);
  console.log('| library | compressed bytes | ratio |');
  console.log('| --- | ---: | ---: |');
  for (const impl of impls) {
    const out = await impl.compress(PAYLOAD);
    const back = await impl.decompress(out);
    if (!Buffer.from(back).equals(Buffer.from(PAYLOAD))) throw new Error(`${impl.name} does not round-trip`);
    packed.push(out);
    console.log(`| ${impl.name} | ${out.length} | ${(PAYLOAD.length / out.length).toFixed(2)} |`);
  }
  const bytesPerOp = PAYLOAD.length;
  await bench(
    `${codec} compress`,
    impls.map((impl) => ({ name: impl.name, bytesPerOp, run: () => impl.compress(PAYLOAD) })),
  );
  await bench(
    `${codec} decompress`,
    impls.map((impl, i) => ({ name: impl.name, bytesPerOp, run: () => impl.decompress(packed[i]!) })),
  );
}
