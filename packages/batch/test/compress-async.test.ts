/// <reference types="node" />
// @lk/compress-gzip itself is not used here: it depends on @lk/batch, and a devDependency back
// would make a package cycle, which turbo refuses. `asyncGzip` below does what it does (promisified
// node:zlib); the codec packages test their own plugins against Batch.
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import {
  Batch,
  BatchBuffer,
  Builder,
  type Codec,
  CompressionType,
  DecompressError,
  type DecompressOptions,
} from '@lk/batch';
import { EncodeError } from '@lk/wire';
import { describe, expect, it } from 'vitest';
import { testGzip, text, utf8 } from './helpers.ts';

const T0 = 1_700_000_000_000;

function builder(values: string[]): Builder {
  const b = new Builder({ clock: () => T0 });
  for (const value of values) b.add({ key: utf8('k'), value: utf8(value) });
  return b;
}

const values = (batch: Batch): (string | null)[] => batch.readRecords().map((r) => text(r.value));

/** A toy lz4-typed codec (XOR with 0x5a) that counts which variant was called. */
function xorCodec(withAsync: boolean) {
  const calls = { compress: 0, compressAsync: 0, decompress: 0, decompressAsync: 0 };
  const xor = (data: Uint8Array) => data.map((b) => b ^ 0x5a);
  const inflate = (data: Uint8Array, { maxOutputSize }: DecompressOptions) => {
    if (data.length > maxOutputSize) throw new DecompressError('LK_DECOMPRESS_TOO_LARGE', 'too large');
    return xor(data);
  };
  const counted =
    <A extends unknown[], R>(name: keyof typeof calls, fn: (...args: A) => R) =>
    (...args: A): R => {
      calls[name]++;
      return fn(...args);
    };
  const codec: Codec = {
    name: 'xor',
    type: CompressionType.lz4,
    compress: counted('compress', xor),
    decompress: counted('decompress', inflate),
    ...(withAsync && {
      compressAsync: counted('compressAsync', async (data: Uint8Array) => xor(data)),
      decompressAsync: counted('decompressAsync', async (data: Uint8Array, o: DecompressOptions) =>
        inflate(data, o),
      ),
    }),
  };
  return { codec, calls };
}

const asyncGzip: Codec = {
  ...testGzip,
  compressAsync: async (data) => new Uint8Array(await promisify(gzip)(data)),
  decompressAsync: async (data, { maxOutputSize }) => {
    try {
      return new Uint8Array(await promisify(gunzip)(data, { maxOutputLength: maxOutputSize }));
    } catch (cause) {
      throw new DecompressError('LK_DECOMPRESS', 'bad gzip data', undefined, { cause });
    }
  },
};

describe('Batch.compressAsync / decompressAsync', () => {
  it('use the async variants when the codec has them', async () => {
    const { codec, calls } = xorCodec(true);
    const packed = await builder(['a', 'b']).build().compressAsync(codec);
    expect(packed.compression).toBe(CompressionType.lz4);
    const wire = Batch.unmarshal(packed.marshal());
    expect(values(await wire.decompressAsync(codec))).toEqual(['a', 'b']);
    expect(calls).toEqual({ compress: 0, compressAsync: 1, decompress: 0, decompressAsync: 1 });
  });

  it('fall back to the sync variants when the codec has none', async () => {
    const { codec, calls } = xorCodec(false);
    const packed = await builder(['a', 'b']).build().compressAsync(codec);
    expect(values(await Batch.unmarshal(packed.marshal()).decompressAsync(codec))).toEqual(['a', 'b']);
    expect(calls).toEqual({ compress: 1, compressAsync: 0, decompress: 1, decompressAsync: 0 });
  });

  it('round-trip through gzip, interchangeably with the sync methods', async () => {
    const plain = builder(['hello', 'world']).build();
    const asyncPacked = Batch.unmarshal((await plain.compressAsync(asyncGzip)).marshal());
    expect(values(asyncPacked.decompress(asyncGzip))).toEqual(['hello', 'world']);
    const syncPacked = Batch.unmarshal(plain.compress(asyncGzip).marshal());
    expect(values(await syncPacked.decompressAsync(asyncGzip))).toEqual(['hello', 'world']);
  });

  it('compress a batch built into a BatchBuffer into separate memory', async () => {
    const output = new BatchBuffer();
    const packed = await builder(['x']).build({ into: output }).compressAsync(asyncGzip);
    builder(['y']).build({ into: output }); // the source memory is reused; the copy is not
    expect(values(await Batch.unmarshal(packed.marshal()).decompressAsync(asyncGzip))).toEqual(['x']);
  });

  it('keep the sync checks: already compressed, wrong codec, unknown type, output limit', async () => {
    const packed = Batch.unmarshal(
      (
        await builder(['a'.repeat(100)])
          .build()
          .compressAsync(asyncGzip)
      ).marshal(),
    );
    await expect(packed.compressAsync(asyncGzip)).rejects.toThrow(EncodeError);
    await expect(packed.compressAsync(asyncGzip)).rejects.toThrow(/already compressed/);
    await expect(packed.decompressAsync(xorCodec(true).codec)).rejects.toThrow(/type 1/);
    await expect(packed.decompressAsync(asyncGzip, { maxOutputSize: 10 })).rejects.toThrow(DecompressError);
    const unknown = new Batch({ ...packed.fields(), attributes: 6 });
    await expect(unknown.decompressAsync(asyncGzip)).rejects.toThrow(/unknown compression type 6/);
  });

  it('return an uncompressed batch itself, and do not decompress a batch without records', async () => {
    const { codec, calls } = xorCodec(true);
    const plain = builder(['a']).build();
    expect(await plain.decompressAsync(codec)).toBe(plain);
    const empty = new Batch({
      ...plain.fields(),
      attributes: CompressionType.lz4,
      recordsCount: 0,
      records: utf8('junk'),
    });
    expect((await empty.decompressAsync(codec)).readRecords()).toEqual([]);
    expect(calls.decompressAsync).toBe(0);
  });
});
