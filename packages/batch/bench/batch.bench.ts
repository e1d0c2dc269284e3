// Record-batch encode/decode: lk beside KafkaJS's and Platformatic's batch codecs, in one process,
// on the same data, in one run. `pnpm bench` in packages/batch.
//   encode = build + marshal (CRC-32C computed), lk both into fresh memory (the default `build()`)
//            and into a reused BatchBuffer (`build({ into })`, what a producer sending one batch
//            at a time can do)
//   decode = unmarshal (lk: CRC verified; the peers do not check it) + read every key, value, headers
// lk runs with each CRC-32C: native (@node-rs/crc32), WASM (the default) and pure JS (the fallback).
/// <reference types="node" />
import { createRequire } from 'node:module';
import {
  Batch,
  BatchBuffer,
  Builder,
  type Crc32cFunction,
  crc32cJs,
  crc32cWasm,
  setCrc32cImplementation,
  useNativeCrc32c,
} from '@lk/batch';
import { type BenchCase, bench } from '@lk/bench-kit';

const require = createRequire(import.meta.url);
const kafkajsBatch = require('kafkajs/src/protocol/recordBatch/v0/index.js');
const kafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js');
const kafkajsDecodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder.js');
const KafkajsDecoder = require('kafkajs/src/protocol/decoder.js');
// Platformatic exports only its client; its batch codec is reached by file.
const platformaticDir = new URL('.', import.meta.resolve('@platformatic/kafka'));
const platformatic = await import(new URL('protocol/records.js', platformaticDir).href);
const { Reader: PlatformaticReader } = await import(new URL('protocol/reader.js', platformaticDir).href);

if (!(await useNativeCrc32c())) throw new Error('@node-rs/crc32 is not loadable');
const nativeCrc = (await import('@node-rs/crc32')).crc32c;

interface Workload {
  name: string;
  count: number;
  key: Buffer | null;
  value: Buffer;
}

const random = (n: number, seed: number) =>
  Buffer.from(Uint8Array.from({ length: n }, (_, i) => ((i + seed) * 2654435761) >>> 24));
const workloads: Workload[] = [
  {
    name: 'large: 1,000 × (27 B key + 3,476 B value)',
    count: 1_000,
    key: random(27, 1),
    value: random(3_476, 2),
  },
  { name: 'small: 10,000 × 100 B value', count: 10_000, key: null, value: random(100, 3) },
];

const NOW = 1_700_000_000_000;
let sink = 0;

/** Build + marshal with CRC, into fresh memory or, with `into`, into reused memory. */
function lkEncode(w: Workload, into?: BatchBuffer): Uint8Array {
  const builder = new Builder({ clock: () => NOW });
  for (let i = 0; i < w.count; i++) builder.add({ key: w.key, value: w.value });
  return builder.build({ into }).marshal();
}

function lkDecode(bytes: Uint8Array): number {
  const cursor = Batch.unmarshal(bytes).cursor();
  let n = 0;
  while (cursor.next()) n += (cursor.key()?.length ?? 0) + cursor.value()!.length + cursor.headers().length;
  return n;
}

const crcImplementations: Record<'js' | 'wasm' | 'native', Crc32cFunction> = {
  js: crc32cJs,
  wasm: crc32cWasm,
  native: (data, previous) => nativeCrc(data, previous),
};

function withCrc(impl: keyof typeof crcImplementations, run: () => unknown): () => unknown {
  return () => {
    if (!setCrc32cImplementation(crcImplementations[impl])) throw new Error(`${impl} CRC-32C refused`);
    return run();
  };
}

async function kafkajsEncode(w: Workload): Promise<Buffer> {
  const records = [];
  for (let i = 0; i < w.count; i++)
    records.push(kafkajsRecord({ offsetDelta: i, key: w.key, value: w.value }));
  const encoder = await kafkajsBatch.RecordBatch({
    records,
    firstTimestamp: NOW,
    maxTimestamp: NOW,
    lastOffsetDelta: w.count - 1,
  });
  return encoder.buffer;
}

async function kafkajsDecode(bytes: Buffer): Promise<number> {
  const batch = await kafkajsDecodeBatch(new KafkajsDecoder(bytes));
  let n = 0;
  for (const r of batch.records) n += (r.key?.length ?? 0) + r.value.length + Object.keys(r.headers).length;
  return n;
}

function platformaticEncode(w: Workload): Buffer {
  const messages = [];
  for (let i = 0; i < w.count; i++) messages.push({ key: w.key, value: w.value, timestamp: BigInt(NOW) });
  return platformatic.createRecordsBatch(messages).buffer;
}

function platformaticDecode(bytes: Buffer): number {
  const batch = platformatic.readRecordsBatch(PlatformaticReader.from(bytes));
  let n = 0;
  for (const r of batch.records) n += (r.key?.length ?? 0) + r.value.length + r.headers.length;
  return n;
}

for (const w of workloads) {
  const payload = w.count * ((w.key?.length ?? 0) + w.value.length);
  const size = { bytesPerOp: payload, recordsPerOp: w.count };
  const encoded = Buffer.from(lkEncode(w));
  // The three encoders must agree on the data: each decodes the others' output.
  const peers = [Buffer.from(await kafkajsEncode(w)), platformaticEncode(w)];
  for (const bytes of [encoded, ...peers])
    sink += lkDecode(bytes) + platformaticDecode(bytes) + (await kafkajsDecode(bytes));

  const output = new BatchBuffer();
  if (!encoded.equals(lkEncode(w, output))) throw new Error('reused output differs from fresh output');
  const encodeCases: BenchCase[] = [
    { name: 'lk fresh output (native CRC)', run: withCrc('native', () => lkEncode(w)), ...size },
    { name: 'lk fresh output (WASM CRC)', run: withCrc('wasm', () => lkEncode(w)), ...size },
    { name: 'lk fresh output (JS CRC)', run: withCrc('js', () => lkEncode(w)), ...size },
    { name: 'lk reused output (native CRC)', run: withCrc('native', () => lkEncode(w, output)), ...size },
    { name: 'lk reused output (WASM CRC)', run: withCrc('wasm', () => lkEncode(w, output)), ...size },
    { name: 'lk reused output (JS CRC)', run: withCrc('js', () => lkEncode(w, output)), ...size },
    { name: 'platformatic 2.12.1', run: () => platformaticEncode(w), ...size },
    { name: 'kafkajs 2.2.4', run: () => kafkajsEncode(w), ...size },
  ];
  await bench(`encode (build + marshal with CRC), ${w.name}`, encodeCases);

  const decodeCases: BenchCase[] = [
    { name: 'lk (native CRC, verified)', run: withCrc('native', () => lkDecode(encoded)), ...size },
    { name: 'lk (WASM CRC, verified)', run: withCrc('wasm', () => lkDecode(encoded)), ...size },
    { name: 'lk (JS CRC, verified)', run: withCrc('js', () => lkDecode(encoded)), ...size },
    { name: 'platformatic 2.12.1 (no CRC check)', run: () => platformaticDecode(encoded), ...size },
    { name: 'kafkajs 2.2.4 (no CRC check)', run: () => kafkajsDecode(encoded), ...size },
  ];
  await bench(`decode (unmarshal + every key, value, headers), ${w.name}`, decodeCases);
}
console.log(`\nNode ${process.version}; sink ${sink}`);
