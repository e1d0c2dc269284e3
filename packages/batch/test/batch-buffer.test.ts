import { Batch, BatchBuffer, Builder } from '@lk/batch';
import { EncodeError } from '@lk/wire';
import { describe, expect, it } from 'vitest';
import { toHex, utf8, VECTOR_91 } from './helpers.ts';

const T0 = 1_700_000_000_000;

/** The builder of RECORD_FORMAT §12's 91-byte vector. */
function vectorBuilder(): Builder {
  return new Builder({ clock: () => T0 }).add({ key: utf8('k1'), value: utf8('v1') }).add({
    value: utf8('hello'),
    timestamp: T0 + 5,
    headers: [
      { key: 'h', value: utf8('x') },
      { key: 'n', value: null },
    ],
  });
}

/** A builder of `count` records of `size`-byte values filled with `fill`. */
function filledBuilder(count: number, size: number, fill: number): Builder {
  const builder = new Builder({ clock: () => T0 });
  for (let i = 0; i < count; i++) builder.add({ key: utf8(`k${i}`), value: new Uint8Array(size).fill(fill) });
  return builder;
}

describe('build({ into: BatchBuffer })', () => {
  it('writes the same bytes as a fresh build', () => {
    const output = new BatchBuffer();
    const batch = vectorBuilder().build({ into: output });
    expect(toHex(batch.marshal())).toBe(toHex(VECTOR_91));
    expect(output.capacity).toBe(VECTOR_91.length);
    expect(
      Batch.unmarshal(batch.marshal())
        .readRecords()
        .map((r) => r.offset),
    ).toEqual([0n, 1n]);
  });

  it('reuses its memory, so a batch is valid only until the next build into it', () => {
    const output = new BatchBuffer();
    const first = filledBuilder(3, 100, 1).build({ into: output });
    const firstBytes = first.marshal().slice();
    const second = filledBuilder(3, 100, 2).build({ into: output });
    expect(second.marshal().buffer).toBe(first.marshal().buffer);
    expect(second.marshal().byteOffset).toBe(first.marshal().byteOffset);
    // The contract in action: the first batch's view now shows the second batch's bytes.
    expect(first.marshal()).toEqual(second.marshal());
    expect(first.marshal()).not.toEqual(firstBytes);
  });

  it('grows for a larger batch, with headroom, and never shrinks', () => {
    const output = new BatchBuffer(16);
    expect(output.capacity).toBe(16);
    const small = filledBuilder(1, 10, 1).build({ into: output }).marshal().length;
    expect(output.capacity).toBe(small);
    const large = filledBuilder(4, 1_000, 1).build({ into: output }).marshal().length;
    expect(output.capacity).toBeGreaterThanOrEqual(large);
    const grown = output.capacity;
    filledBuilder(1, 10, 1).build({ into: output });
    expect(output.capacity).toBe(grown);
  });

  it('overwrites every byte of reused dirty memory, above and below the 64 KiB unsafe-allocation threshold', () => {
    for (const valueSize of [50, 3_476]) {
      const output = new BatchBuffer();
      filledBuilder(100, valueSize + 500, 0xaa).build({ into: output }); // leave larger, dirty contents
      const reused = filledBuilder(100, valueSize, 0x11).build({ into: output }).marshal();
      const fresh = filledBuilder(100, valueSize, 0x11).build().marshal();
      expect(reused.length).toBe(fresh.length);
      expect(reused).toEqual(fresh);
      expect(Batch.unmarshal(reused).recordsCount).toBe(100); // CRC verified
    }
  });

  it('refuses a negative or fractional size', () => {
    expect(() => new BatchBuffer(-1)).toThrow(EncodeError);
    expect(() => new BatchBuffer(1.5)).toThrow(/non-negative integer/);
    expect(() => new BatchBuffer().reserve(-1)).toThrow(
      expect.objectContaining({ code: 'LK_BATCH_BUFFER_SIZE' }),
    );
  });
});
