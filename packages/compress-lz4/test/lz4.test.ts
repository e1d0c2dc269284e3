import { readFileSync } from 'node:fs';
import { CompressionType } from '@lk/batch';
import { describeCodecContract, expectDecompressError } from '@lk/codec-testkit/codec-contract';
import { cpuMillis } from '@lk/codec-testkit/cpu-time';
import { decompressMemory } from '@lk/codec-testkit/decompress-memory';
import { jsonLines, randomBytes } from '@lk/codec-testkit/sample-data';
import { compressSync } from 'lz4-napi';
import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE, FRAME_HEADER, lz4, readFrame, writeFrame } from '../src/index.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));
const LIMIT = { maxOutputSize: 64 * 1024 * 1024 };
const codec = lz4();

describeCodecContract(codec);

describe('lz4', () => {
  it('is Kafka compression type 3', () => {
    expect([codec.type, codec.name]).toEqual([CompressionType.lz4, 'lz4']);
  });

  it("writes Java's frame header 04 22 4D 18 60 40 82: independent 64 KiB blocks, no checksums", () => {
    for (const size of [0, 1, 300_000]) {
      expect([...codec.compress(jsonLines(size)).subarray(0, 7)]).toEqual([
        0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82,
      ]);
    }
    const flg = FRAME_HEADER[4]!;
    expect(flg & 0x20).toBe(0x20); // block independence
    expect(flg & 0x1c).toBe(0); // no block checksum, content size or content checksum
  });

  it('puts 64 KiB of input in each block and stores incompressible blocks raw', () => {
    const data = new Uint8Array(3 * BLOCK_SIZE + 10);
    data.set(randomBytes(BLOCK_SIZE), BLOCK_SIZE); // the second block is noise
    const frame = readFrame(codec.compress(data));
    expect(frame.blockMaxSize).toBe(BLOCK_SIZE);
    // The last block holds 10 zeros: LZ4 cannot shrink so little (the last 5 bytes are literals).
    expect(frame.blocks.map((b) => b.raw)).toEqual([false, true, false, true]);
    expect(frame.blocks[1]!.data.length).toBe(BLOCK_SIZE);
  });

  it.each(['cli-default.lz4', 'cli-64k-size-bsum.lz4', 'cli-hc9-64k.lz4'])(
    'decodes the lz4 CLI fixture %s',
    async (name) => {
      const expected = Buffer.from(jsonLines(100_000));
      expect(Buffer.from(codec.decompress(fixture(name), LIMIT)).equals(expected)).toBe(true);
      expect(Buffer.from(await codec.decompressAsync!(fixture(name), LIMIT)).equals(expected)).toBe(true);
    },
  );

  it('rejects linked blocks, as Kafka does', async () => {
    const error = await expectDecompressError(
      () => codec.decompress(fixture('cli-linked.lz4'), LIMIT),
      'LK_DECOMPRESS',
    );
    expect(error.message).toContain('linked blocks');
  });

  it('ignores bytes after the end mark, as Java does', () => {
    const packed = Buffer.concat([codec.compress(jsonLines(1000)), Buffer.from('trailing')]);
    expect(codec.decompress(packed, LIMIT).length).toBe(1000);
  });

  it('stops a frame whose blocks expand past the limit, one block past it at most', async () => {
    // 2,000 copies of a 64 KiB block of zeros: about 0.6 MB that would expand to 125 MiB.
    const zeros = { data: compressSync(Buffer.alloc(BLOCK_SIZE)).subarray(4), raw: false };
    const bomb = writeFrame(Array.from({ length: 2000 }, () => zeros));
    expect(bomb.length).toBeLessThan(700_000);
    const cpu = await cpuMillis(async () => {
      await expectDecompressError(() => codec.decompress(bomb, LIMIT), 'LK_DECOMPRESS_TOO_LARGE');
      await expectDecompressError(() => codec.decompressAsync!(bomb, LIMIT), 'LK_DECOMPRESS_TOO_LARGE');
    });
    // CPU time, which a loaded CI machine hardly changes (wall-clock bounds flaked there).
    expect(cpu).toBeLessThan(2000);
  });

  /** A frame with 4 MiB blocks (BD 0x70), optionally a content size, and `blocks` 2-byte blocks. */
  function tinyBlocks(blocks: number, contentSize?: number): Buffer {
    const sized = contentSize !== undefined;
    const header = Buffer.alloc(sized ? 15 : 7);
    header.writeUInt32LE(0x184d2204, 0);
    header[4] = sized ? 0x68 : 0x60;
    header[5] = 0x70;
    if (sized) header.writeBigUInt64LE(BigInt(contentSize), 6);
    const block = Buffer.from([2, 0, 0, 0, 0x10, 0x61]); // size 2: one literal 'a'
    return Buffer.concat([header, ...Array.from({ length: blocks }, () => block), Buffer.alloc(4)]);
  }

  // Failed before the fix: the block was decoded first, and the mismatch found afterwards.
  it('refuses a content size its blocks cannot decode to (255 bytes per byte), before decoding', async () => {
    const error = await expectDecompressError(
      () => codec.decompress(tinyBlocks(1, 60 * 1024 * 1024), LIMIT),
      'LK_DECOMPRESS',
    );
    expect(error.message).toContain('the blocks cannot decode to the 62914560 bytes declared (at most 510)');
  });

  // Failed before the fix: each 2-byte block was given the frame's 4 MiB block maximum to decode into.
  it("decodes a small block into what it can hold, not the frame's 4 MiB block maximum", () => {
    const measured = decompressMemory(new URL('../src/index.ts', import.meta.url), 'lz4', tinyBlocks(1));
    expect(measured.error).toBeNull();
    expect(measured.peakRssKiB).toBeLessThan(1024);
    expect(codec.decompress(tinyBlocks(3), LIMIT)).toEqual(new TextEncoder().encode('aaa'));
  });

  it('bounds expansion at 255 per byte, which real blocks of zeros approach', () => {
    const block = compressSync(Buffer.alloc(4 << 20)).subarray(4);
    expect((4 << 20) / block.length).toBeGreaterThan(254);
    expect((4 << 20) / block.length).toBeLessThanOrEqual(255);
  });

  it('refuses a declared content size over the limit before decoding', async () => {
    // FLG 0x68 (content size present), BD 0x40, content size 64 GiB, HC, then the end mark.
    const header = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x68, 0x40, 0, 0, 0, 0, 0x10, 0, 0, 0, 0x00]);
    const error = await expectDecompressError(
      () => codec.decompress(Buffer.concat([header, Buffer.alloc(4)]), LIMIT),
      'LK_DECOMPRESS_TOO_LARGE',
    );
    expect(error.message).toContain('68719476736');
  });

  it.each([
    ['a bad magic', () => Buffer.from([0x05, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82, 0, 0, 0, 0])],
    ['version 00', () => Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x20, 0x40, 0x82, 0, 0, 0, 0])],
    ['a dictionary id', () => Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x61, 0x40, 0x82, 0, 0, 0, 0])],
    ['block size code 3', () => Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x30, 0x82, 0, 0, 0, 0])],
    ['no end mark', () => codec.compress(jsonLines(1000)).subarray(0, -4)],
    ['a block larger than the block maximum', () => Buffer.from([...FRAME_HEADER, 0x01, 0x00, 0x01, 0x80])],
    [
      'a content size that does not match',
      () => {
        const frame = Buffer.from(fixture('cli-64k-size-bsum.lz4'));
        frame.writeUInt32LE(99_999, 6);
        return frame;
      },
    ],
  ])('throws LK_DECOMPRESS for %s', async (_label, make) => {
    await expectDecompressError(() => codec.decompress(make(), LIMIT), 'LK_DECOMPRESS');
    await expectDecompressError(() => codec.decompressAsync!(make(), LIMIT), 'LK_DECOMPRESS');
  });
});
