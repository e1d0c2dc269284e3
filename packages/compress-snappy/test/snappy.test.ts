import { readFileSync } from 'node:fs';
import { CompressionType } from '@lk/batch';
import { describeCodecContract, expectDecompressError } from '@lk/codec-testkit/codec-contract';
import { cpuMillis } from '@lk/codec-testkit/cpu-time';
import { decompressMemory } from '@lk/codec-testkit/decompress-memory';
import { jsonLines } from '@lk/codec-testkit/sample-data';
import { compressSync } from 'snappy';
import { describe, expect, it } from 'vitest';
import { isXerial, snappy, XERIAL_CHUNK_SIZE, XERIAL_MAGIC } from '../src/index.ts';
import { checkExpansion, declaredLength, MAX_EXPANSION } from '../src/raw-length.ts';
import { readXerial } from '../src/xerial.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));
const LIMIT = { maxOutputSize: 64 * 1024 * 1024 };
const codec = snappy();
const header = Uint8Array.of(...XERIAL_MAGIC, 0, 0, 0, 1, 0, 0, 0, 1);
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

describeCodecContract(codec);

describe('snappy', () => {
  it('is Kafka compression type 2', () => {
    expect([codec.type, codec.name]).toEqual([CompressionType.snappy, 'snappy']);
  });

  it('writes xerial framing like Java: header, then one chunk per 32 KiB of input', () => {
    const packed = codec.compress(jsonLines(100_000));
    expect([...packed.subarray(0, 16)]).toEqual([...header]);
    const blocks = readXerial(packed);
    expect(blocks.map(declaredLength)).toEqual([
      XERIAL_CHUNK_SIZE,
      XERIAL_CHUNK_SIZE,
      XERIAL_CHUNK_SIZE,
      1696,
    ]);
    expect([...codec.compress(new Uint8Array(0))]).toEqual([...header]);
  });

  it.each([
    ['java-xerial.snappy', 'Java-style xerial (libsnappy blocks, 32 KiB chunks)'],
    ['java-xerial-twice.snappy', 'two concatenated xerial streams'],
    ['raw.snappy', 'one raw block, as librdkafka writes'],
  ])('decodes %s (%s)', async (name) => {
    const expected = Buffer.from(jsonLines(100_000));
    expect(Buffer.from(codec.decompress(fixture(name), LIMIT)).equals(expected)).toBe(true);
    expect(Buffer.from(await codec.decompressAsync!(fixture(name), LIMIT)).equals(expected)).toBe(true);
  });

  it("tells framed from raw by Java's rule (16+ bytes starting with the magic)", () => {
    expect(isXerial(fixture('java-xerial.snappy'))).toBe(true);
    expect(isXerial(fixture('raw.snappy'))).toBe(false);
    expect(isXerial(header.subarray(0, 15))).toBe(false);
  });

  it('ignores fewer than 4 trailing bytes, as Java does', () => {
    const packed = Buffer.concat([codec.compress(jsonLines(1000)), Buffer.from([0, 0, 1])]);
    expect(codec.decompress(packed, LIMIT).length).toBe(1000);
  });

  it('refuses a raw block claiming 4 GiB before allocating', async () => {
    const bomb = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x61);
    let error: Error | undefined;
    const cpu = await cpuMillis(async () => {
      error = await expectDecompressError(() => codec.decompress(bomb, LIMIT), 'LK_DECOMPRESS_TOO_LARGE');
      await expectDecompressError(() => codec.decompressAsync!(bomb, LIMIT), 'LK_DECOMPRESS_TOO_LARGE');
    });
    expect(error?.message).toContain('4294967295');
    // CPU time, which a loaded CI machine hardly changes: zero-filling 4 GiB would take seconds.
    expect(cpu).toBeLessThan(50);
  });

  // Failed before the fix: the native decoder took the block and allocated the 60 MiB it declares
  // (peak RSS +62 MiB) before finding one byte of output.
  it('refuses a 6-byte raw block declaring 60 MiB before allocating', () => {
    const bomb = Uint8Array.of(0x80, 0x80, 0x80, 0x1e, 0x00, 0x41); // varint 62914560, literal "A"
    const measured = decompressMemory(new URL('../src/index.ts', import.meta.url), 'snappy', bomb);
    expect(measured.error).toMatchObject({ name: 'DecompressError', code: 'LK_DECOMPRESS' });
    expect(measured.error?.message).toContain('cannot decode to the 62914560 bytes it declares');
    expect(measured.peakRssKiB).toBeLessThan(4096);
    expect(measured.peakVirtualKiB).toBeLessThan(4096);
  });

  it("bounds expansion by the format's densest element, which real blocks of zeros reach", () => {
    for (const size of [1, 64, 1000, 1 << 16, 1 << 22]) {
      const block = compressSync(Buffer.alloc(size));
      expect(() => checkExpansion(block, declaredLength(block))).not.toThrow();
      expect(() => checkExpansion(block, Math.ceil(block.length * MAX_EXPANSION))).toThrow();
    }
    // 4 MiB of zeros: 21.32 bytes per compressed byte, against the bound's 21.33.
    const block = compressSync(Buffer.alloc(1 << 22));
    expect((1 << 22) / block.length).toBeGreaterThan(21.3);
  });

  it('adds up the declared lengths of all chunks before decoding any', async () => {
    // 40 chunks that each claim 2 MiB: 80 MiB in all, over the 64 MiB limit.
    const claim = Uint8Array.of(0x80, 0x80, 0x80, 0x01, 0x00);
    const chunks = Array.from({ length: 40 }, () => Buffer.concat([int32(claim.length), claim]));
    await expectDecompressError(
      () => codec.decompress(Buffer.concat([header, ...chunks]), LIMIT),
      'LK_DECOMPRESS_TOO_LARGE',
    );
  });

  it.each([
    ['a negative chunk length', () => Buffer.concat([header, int32(-1), Buffer.alloc(8)])],
    ['a chunk cut short', () => Buffer.concat([header, int32(100), Buffer.alloc(8)])],
    [
      'a block shorter than it declares',
      () => Buffer.concat([header, int32(3), Buffer.from([0x10, 0x08, 0x61])]),
    ],
    ['an over-long length varint', () => Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x01)],
    ['empty input', () => new Uint8Array(0)],
  ])('throws LK_DECOMPRESS for %s', async (_label, make) => {
    await expectDecompressError(() => codec.decompress(make(), LIMIT), 'LK_DECOMPRESS');
    await expectDecompressError(() => codec.decompressAsync!(make(), LIMIT), 'LK_DECOMPRESS');
  });
});
