// snappy: lk (napi-rs `snappy`, xerial framing) beside KafkaJS's kafkajs-snappy (snappyjs, pure JS)
// and Platformatic's @platformatic/wasm-utils (Rust snap in WebAssembly). Both peers write a single
// raw block; lk writes 32 KiB xerial chunks like Java. Run: pnpm bench
import { createRequire } from 'node:module';
import { DEFAULT_MAX_DECOMPRESSED_SIZE } from '@lk/batch';
import { runCodecBench } from '@lk/codec-testkit/codec-bench';
import { snappyCompress, snappyDecompress } from '@platformatic/wasm-utils';
import { snappy } from '../src/index.ts';

type KafkajsCodec = {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
};
const kafkajsSnappy = (createRequire(import.meta.url)('kafkajs-snappy') as () => KafkajsCodec)();
const limit = { maxOutputSize: DEFAULT_MAX_DECOMPRESSED_SIZE };
const lk = snappy();

await runCodecBench('snappy', [
  {
    name: 'lk (snappy 7.4.3, sync)',
    compress: (d) => lk.compress(d),
    decompress: (p) => lk.decompress(p, limit),
  },
  {
    name: 'lk (snappy 7.4.3, async)',
    compress: (d) => lk.compressAsync!(d),
    decompress: (p) => lk.decompressAsync!(p, limit),
  },
  {
    name: 'kafkajs-snappy 1.1.0 (snappyjs)',
    compress: (d) => kafkajsSnappy.compress({ buffer: Buffer.from(d) }),
    decompress: (p) => kafkajsSnappy.decompress(Buffer.from(p)),
  },
  {
    name: 'platformatic (wasm-utils 0.2.1)',
    compress: (d) => snappyCompress(Buffer.from(d)),
    decompress: (p) => snappyDecompress(Buffer.from(p)),
  },
]);
