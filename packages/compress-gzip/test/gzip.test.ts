import { readFileSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { CompressionType, DecompressError, LkError } from '@lk/batch';
import { describeCodecContract, expectDecompressError, thrown } from '@lk/codec-testkit/codec-contract';
import { cpuMillis } from '@lk/codec-testkit/cpu-time';
import { jsonLines } from '@lk/codec-testkit/sample-data';
import { describe, expect, it } from 'vitest';
import { gzip } from '../src/index.ts';

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url));
const LIMIT = { maxOutputSize: 64 * 1024 * 1024 };

describeCodecContract(gzip());
describeCodecContract(gzip({ level: 1 }));

describe('gzip', () => {
  it('is Kafka compression type 1 and writes an RFC 1952 member (1f 8b, deflate)', () => {
    const codec = gzip();
    expect([codec.type, codec.name]).toEqual([CompressionType.gzip, 'gzip']);
    expect([...codec.compress(jsonLines(100)).subarray(0, 3)]).toEqual([0x1f, 0x8b, 0x08]);
  });

  it('uses the level: 9 is smaller than 1 on JSON lines', () => {
    const data = jsonLines(256 * 1024);
    expect(gzip({ level: 9 }).compress(data).length).toBeLessThan(gzip({ level: 1 }).compress(data).length);
  });

  it.each([0, 10, -2, 1.5, Number.NaN])('rejects level %s with LK_CODEC_LEVEL', async (level) => {
    const error = await thrown(() => gzip({ level }));
    expect(error).toBeInstanceOf(LkError);
    expect((error as LkError).code).toBe('LK_CODEC_LEVEL');
  });

  it('decodes the gzip CLI fixtures, including two concatenated members', () => {
    const expected = Buffer.from(jsonLines(20000));
    for (const name of ['cli-9.gz', 'cli-two-members.gz']) {
      expect(Buffer.from(gzip().decompress(fixture(name), LIMIT)).equals(expected)).toBe(true);
    }
  });

  it('refuses a 1 GiB bomb of zeros quickly, within the limit', async () => {
    // 64 members of 16 MiB of zeros each: about 1 MB that inflates to 1 GiB.
    const member = zlib.gzipSync(new Uint8Array(16 * 1024 * 1024), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));
    expect(bomb.length).toBeLessThan(1_100_000);
    const cpu = await cpuMillis(async () => {
      await expectDecompressError(() => gzip().decompress(bomb, LIMIT), 'LK_DECOMPRESS_TOO_LARGE');
      await expectDecompressError(() => gzip().decompressAsync!(bomb, LIMIT), 'LK_DECOMPRESS_TOO_LARGE');
    });
    // CPU time, not wall-clock (2.9 s wall at load 35 failed a 2 s bound): both calls took 0.3-0.4 s of
    // CPU there, and inflating the whole bomb once takes 2.6 s.
    expect(cpu).toBeLessThan(1300);
  });

  it('treats a limit of 0 as "empty output only"', async () => {
    const codec = gzip();
    expect(codec.decompress(codec.compress(new Uint8Array(0)), { maxOutputSize: 0 }).length).toBe(0);
    await expectDecompressError(
      () => codec.decompress(codec.compress(Uint8Array.of(1)), { maxOutputSize: 0 }),
      'LK_DECOMPRESS_TOO_LARGE',
    );
  });

  it.each([
    ['empty input', () => new Uint8Array(0)],
    ['zlib (RFC 1950) instead of gzip', () => zlib.deflateSync(jsonLines(100))],
    ['a truncated member', () => gzip().compress(jsonLines(1000)).subarray(0, 200)],
    [
      'a bad CRC-32 trailer',
      () => {
        const packed = Uint8Array.from(gzip().compress(jsonLines(1000)));
        packed[packed.length - 6]! ^= 0xff;
        return packed;
      },
    ],
    [
      'garbage after the last member',
      () => Buffer.concat([gzip().compress(jsonLines(10)), Buffer.from([1, 2, 3])]),
    ],
  ])("throws LK_DECOMPRESS for %s, with zlib's error as cause", async (_label, make) => {
    const error = await expectDecompressError(() => gzip().decompress(make(), LIMIT), 'LK_DECOMPRESS');
    expect(error.cause).toBeInstanceOf(Error);
    expect(await thrown(() => gzip().decompressAsync!(make(), LIMIT))).toBeInstanceOf(DecompressError);
  });
});
