import { readFileSync } from 'node:fs';
import { CompressionType, LkError } from '@lk/batch';
import { describeCodecContract, expectDecompressError, thrown } from '@lk/codec-testkit/codec-contract';
import { cpuMillis } from '@lk/codec-testkit/cpu-time';
import { decompressMemory } from '@lk/codec-testkit/decompress-memory';
import { jsonLines } from '@lk/codec-testkit/sample-data';
import { describe, expect, it } from 'vitest';
import { readFrames, zstd, zstdBackend } from '../src/index.ts';
import { nodeBackend } from '../src/node-backend.ts';
import { wasmBackend } from '../src/wasm-backend.ts';
import { zstdWith } from '../src/zstd.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));
const LIMIT = { maxOutputSize: 64 * 1024 * 1024 };
const MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** RLE blocks of 128 KiB of 'a' each, behind a frame header (`fhd`, window descriptor, content size). */
function rleFrame(header: number[], blocks: number): Buffer {
  const block = (last: boolean) => {
    const word = (last ? 1 : 0) | (1 << 1) | ((128 * 1024) << 3);
    return [word & 0xff, (word >> 8) & 0xff, word >> 16, 0x61];
  };
  return Buffer.from([
    ...MAGIC,
    ...header,
    ...Array.from({ length: blocks }, (_, i) => block(i === blocks - 1)).flat(),
  ]);
}

const backends = [nodeBackend(), wasmBackend()];

it('uses node:zlib on this Node (24)', () => {
  expect(zstdBackend).toBe('node:zlib');
});

for (const backend of backends) {
  describe(`on ${backend.name}`, () => {
    const codec = zstdWith(backend, 3);
    describeCodecContract(codec);

    it('is Kafka compression type 4 and writes a standard frame', () => {
      expect([codec.type, codec.name]).toEqual([CompressionType.zstd, 'zstd']);
      expect([...codec.compress(jsonLines(100)).subarray(0, 4)]).toEqual(MAGIC);
    });

    it('uses the level: 19 is smaller than 1 on JSON lines', () => {
      const data = jsonLines(256 * 1024);
      expect(zstdWith(backend, 19).compress(data).length).toBeLessThan(
        zstdWith(backend, 1).compress(data).length,
      );
    });

    it.each(['cli-19.zst', 'cli-stream.zst', 'cli-two-frames.zst'])(
      'decodes the zstd CLI fixture %s',
      async (name) => {
        const expected = Buffer.from(jsonLines(100_000));
        expect(Buffer.from(codec.decompress(fixture(name), LIMIT)).equals(expected)).toBe(true);
        const plain = await (codec.decompressAsync ?? codec.decompress)(fixture(name), LIMIT);
        expect(Buffer.from(plain).equals(expected)).toBe(true);
      },
    );

    it('decodes every frame of concatenated frames, skipping skippable frames', () => {
      const skippable = Buffer.from([0x5e, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3]);
      const data = Buffer.concat([
        codec.compress(jsonLines(5000)),
        skippable,
        codec.compress(new TextEncoder().encode('tail')),
      ]);
      expect(Buffer.from(codec.decompress(data, LIMIT)).toString()).toBe(
        `${Buffer.from(jsonLines(5000))}tail`,
      );
    });

    it('counts the limit across frames', async () => {
      const frame = codec.compress(jsonLines(40_000));
      await expectDecompressError(
        () => codec.decompress(Buffer.concat([frame, frame]), { maxOutputSize: 79_999 }),
        'LK_DECOMPRESS_TOO_LARGE',
      );
    });

    it('refuses a frame declaring 64 GiB before decoding it', async () => {
      // FHD 0xc0: 8-byte content size, window descriptor 0x58 (2 MiB window), then 64 GiB.
      const bomb = rleFrame([0xc0, 0x58, 0, 0, 0, 0, 0x10, 0, 0, 0], 4);
      let error: Error | undefined;
      const cpu = await cpuMillis(async () => {
        error = await expectDecompressError(() => codec.decompress(bomb, LIMIT), 'LK_DECOMPRESS_TOO_LARGE');
      });
      expect(error?.message).toContain('68719476736');
      // Decoding even 1 GiB of it would take seconds of CPU. CPU time, not wall-clock, which a
      // loaded CI machine stretches (a 50 ms wall-clock bound failed at 59.6 ms under load 25).
      expect(cpu).toBeLessThan(500);
    });

    it('refuses a content size its blocks cannot decode to', async () => {
      // Single segment (FHD 0xa0, 4-byte content size) declaring 60 MiB; one RLE block of 128 KiB.
      const bomb = rleFrame([0xa0, 0, 0, 0xc0, 0x03], 1);
      const error = await expectDecompressError(() => codec.decompress(bomb, LIMIT), 'LK_DECOMPRESS');
      expect(error.message).toContain(
        'frame content size 62914560 more than its blocks can decode to (131072)',
      );
    });

    it('stops a frame without content size whose blocks expand past the limit', async () => {
      // 4,096 RLE blocks: 16 KiB of input that would stream out 512 MiB.
      const bomb = rleFrame([0x00, 0x58], 4096);
      const cpu = await cpuMillis(async () => {
        await expectDecompressError(() => codec.decompress(bomb, LIMIT), 'LK_DECOMPRESS_TOO_LARGE');
        if (codec.decompressAsync) {
          await expectDecompressError(() => codec.decompressAsync!(bomb, LIMIT), 'LK_DECOMPRESS_TOO_LARGE');
        }
      });
      expect(cpu).toBeLessThan(3000);
    });

    it.each([
      ['empty input', () => new Uint8Array(0)],
      [
        'garbage after the frame',
        () => Buffer.concat([codec.compress(jsonLines(10)), Buffer.from([1, 2, 3, 4, 5])]),
      ],
      ['a window over 128 MiB', () => rleFrame([0x00, 0x90], 1)],
      ['a dictionary id', () => rleFrame([0x01, 0x58, 7], 1)],
      ['a truncated frame', () => codec.compress(jsonLines(10_000)).subarray(0, 100)],
      ['a reserved block type', () => Buffer.from([...MAGIC, 0x00, 0x58, 0x07, 0, 0])],
    ])('throws LK_DECOMPRESS for %s', async (_label, make) => {
      await expectDecompressError(() => codec.decompress(make(), LIMIT), 'LK_DECOMPRESS');
    });
  });
}

// Failed before the fix: libzstd reserved the 60 MiB window that the content size of a
// single-segment frame implies (peak address space +60 MiB), then found one byte of data.
it('refuses a 13-byte frame declaring 60 MiB before its decoder allocates', () => {
  const bomb = Buffer.from([...MAGIC, 0xa0, 0, 0, 0xc0, 0x03, 0x0b, 0, 0, 0x61]); // RLE block of 1
  const measured = decompressMemory(new URL('../src/index.ts', import.meta.url), 'zstd', bomb);
  expect(measured.error).toMatchObject({ code: 'LK_DECOMPRESS' });
  expect(measured.peakVirtualKiB).toBeLessThan(8192);
});

describe('zstd()', () => {
  it('defaults to level 3, as Kafka', () => {
    const data = jsonLines(100_000);
    expect(Buffer.from(zstd().compress(data)).equals(Buffer.from(zstd({ level: 3 }).compress(data)))).toBe(
      true,
    );
  });

  it.each([23, -131073, 2.5])('rejects level %s with LK_CODEC_LEVEL', async (level) => {
    const error = await thrown(() => zstd({ level }));
    expect(error).toBeInstanceOf(LkError);
    expect((error as LkError).code).toBe('LK_CODEC_LEVEL');
  });

  it('reads the frame header: content size, window', () => {
    const [frame] = readFrames(fixture('cli-stream.zst'));
    expect([frame!.contentSize, frame!.windowSize]).toEqual([undefined, 2 ** 21]);
    expect(readFrames(fixture('cli-19.zst'))[0]!.contentSize).toBe(100_000);
    expect(readFrames(fixture('cli-two-frames.zst')).length).toBe(2);
  });
});
