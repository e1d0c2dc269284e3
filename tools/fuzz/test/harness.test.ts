import { LkError } from '@lk/wire';
import { describe, expect, it } from 'vitest';
import { type Family, inputs, reseal, runFamily } from '../src/index.ts';

const seed = Uint8Array.from({ length: 80 }, (_, i) => i);

function family(decode: (bytes: Uint8Array) => void): Family {
  return { name: 'test', seeds: [seed], decode, maxAllocation: () => 1 << 20 };
}

describe('the fuzz harness', () => {
  it('makes every truncation and boundary value first, then random inputs, reproducibly', () => {
    const made = [...inputs([seed], 3000, 9)];
    expect(made.length).toBeGreaterThanOrEqual(3000);
    expect(made.slice(0, 80).map((i) => i.bytes.length)).toEqual(Array.from({ length: 80 }, (_, i) => i));
    expect(made.some((i) => i.how === 'int32 -1 at 8')).toBe(true);
    expect(made.map((i) => i.how)).toEqual([...inputs([seed], 3000, 9)].map((i) => i.how));
    expect(made.map((i) => i.how)).not.toEqual([...inputs([seed], 3000, 10)].map((i) => i.how));
  });

  it('counts typed errors and reports an untyped one with its bytes', () => {
    const result = runFamily(
      family((bytes) => {
        if (bytes.length === 7) throw new RangeError('offset out of bounds');
        if (bytes.length < 10) throw new LkError('LK_TEST', 'short');
      }),
      1000,
      1,
    );
    expect(result.otherErrors).toBeGreaterThan(0);
    expect(result.typedErrors).toBeGreaterThan(0);
    expect(result.failures[0]).toMatchObject({ problem: 'untyped RangeError: offset out of bounds' });
    expect(result.failures[0]!.hex).toMatch(/^[0-9a-f]{14}$/);
  });

  it('reports an input that leaves more memory allocated than the limit', () => {
    const kept: Uint8Array[] = [];
    const result = runFamily(
      family((bytes) => {
        if (bytes.length === 5) kept.push(new Uint8Array(4 << 20));
      }),
      500,
      1,
    );
    expect(result.largestAllocation).toBeGreaterThanOrEqual(4 << 20);
    expect(result.failures.some((f) => f.problem.includes('ArrayBuffers allocated'))).toBe(true);
  });

  it('reseals batch CRCs so that mutations reach past the CRC check', async () => {
    const { Builder, Batch } = await import('@lk/batch');
    const bytes = new Builder()
      .add({ value: new Uint8Array([1, 2, 3]) })
      .build()
      .marshal()
      .slice();
    bytes[bytes.length - 1] = 9; // a record byte: the CRC no longer matches
    expect(() => Batch.unmarshal(bytes)).toThrow(expect.objectContaining({ code: 'LK_BATCH_CRC' }));
    expect(() => Batch.unmarshal(reseal(bytes))).not.toThrow();
  });
});
