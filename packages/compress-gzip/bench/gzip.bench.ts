// gzip: lk beside KafkaJS's built-in codec (promisified zlib.gzip/unzip) and Platformatic's
// (zlib.gzipSync/gunzipSync), all on node:zlib. Run: pnpm bench
import { createRequire } from 'node:module';
import * as zlib from 'node:zlib';
import { DEFAULT_MAX_DECOMPRESSED_SIZE } from '@lk/batch';
import { runCodecBench } from '@lk/codec-testkit/codec-bench';
import { gzip } from '../src/index.ts';

type KafkajsGzip = {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Uint8Array): Promise<Buffer>;
};
const kafkajs = createRequire(import.meta.url)(
  'kafkajs/src/protocol/message/compression/gzip.js',
) as KafkajsGzip;
const limit = { maxOutputSize: DEFAULT_MAX_DECOMPRESSED_SIZE };
const lk6 = gzip();
const lk1 = gzip({ level: 1 });

await runCodecBench('gzip', [
  {
    name: 'lk gzip level 6 (sync)',
    compress: (d) => lk6.compress(d),
    decompress: (p) => lk6.decompress(p, limit),
  },
  {
    name: 'lk gzip level 6 (async)',
    compress: (d) => lk6.compressAsync!(d),
    decompress: (p) => lk6.decompressAsync!(p, limit),
  },
  {
    name: 'lk gzip level 1 (sync)',
    compress: (d) => lk1.compress(d),
    decompress: (p) => lk1.decompress(p, limit),
  },
  {
    name: 'kafkajs 2.2.4 (zlib async)',
    compress: (d) => kafkajs.compress({ buffer: Buffer.from(d) }),
    decompress: (p) => kafkajs.decompress(p),
  },
  {
    name: 'platformatic (zlib sync)',
    compress: (d) => zlib.gzipSync(d),
    decompress: (p) => zlib.gunzipSync(p),
  },
]);
