// Fuzzing the response decoders (reliability plan §5.3): random bytes, and truncations and byte
// mutations of valid encodings and of real broker answers. Whatever the input, a decoder either
// returns or throws one of lk's error classes, never a TypeError/RangeError, and never hangs.
import { LkError, Reader, Writer } from '@lk/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BrokerApiDefinition, brokerApis } from '../src/broker.ts';
import { decodeResponseFrame } from '../src/index.ts';
import { brokerFixtures } from './helpers/fixtures.ts';
import { populate } from './helpers/populate.ts';
import { specsOf } from './helpers/specs.ts';

const RUNS_PER_DECODER = 10_000;

/** Decodes, and reports anything thrown that is not an lk error. */
function decodeSafely(decode: () => unknown): void {
  try {
    decode();
  } catch (error) {
    if (!(error instanceof LkError)) throw error;
  }
}

/** Valid encodings of a populated response at each version: the seeds that mutations start from. */
function seeds(api: BrokerApiDefinition<unknown, unknown>): Uint8Array[] {
  const spec = specsOf(api.name).response;
  const out: Uint8Array[] = [];
  for (let version = api.minVersion; version <= api.maxVersion; version++) {
    const writer = new Writer();
    api.encodeResponse(writer, populate(spec, version, 'full'), version);
    out.push(writer.toBytes());
  }
  return out;
}

/** One input: the version, and bytes that are random, or a valid encoding truncated and mutated. */
function inputs(api: BrokerApiDefinition<unknown, unknown>) {
  const valid = seeds(api);
  const random = fc.uint8Array({ maxLength: 96 });
  const mutated = fc
    .record({
      index: fc.nat(valid.length - 1),
      cut: fc.double({ min: 0, max: 1, noNaN: true }),
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    })
    .map(({ index, cut, flips }) => {
      const seed = valid[index]!;
      const bytes = seed.slice(0, Math.max(1, Math.ceil(seed.length * cut)));
      for (const [at, value] of flips) bytes[at % bytes.length] = value;
      return bytes;
    });
  return fc.tuple(
    fc.integer({ min: api.minVersion, max: api.maxVersion }),
    fc.oneof(random, mutated, mutated),
  );
}

const decoders = brokerApis.filter((api) => api.maxVersion >= api.minVersion);

describe('fuzzed response decoders', () => {
  // One test per decoder: each stays well inside the timeout on a loaded machine.
  it.each(decoders.map((api) => [api.name, api] as const))(
    `runs ${RUNS_PER_DECODER} inputs through the %s response decoder`,
    (_name, api) => {
      fc.assert(
        fc.property(inputs(api), ([version, bytes]) => {
          decodeSafely(() => api.decodeResponse(new Reader(bytes), version));
        }),
        { numRuns: RUNS_PER_DECODER, seed: api.apiKey },
      );
    },
  );

  it('survives every truncation of every captured broker answer', () => {
    for (const { api, version, frame } of brokerFixtures) {
      for (let length = 0; length < frame.length; length++) {
        expect(
          () => decodeResponseFrame(api, version, frame.subarray(0, length)),
          `${api.name} v${version}`,
        ).toThrow(LkError);
      }
    }
  });

  it('survives random mutations of captured broker answers', () => {
    const mutation = fc.record({
      fixture: fc.nat(brokerFixtures.length - 1),
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
    });
    fc.assert(
      fc.property(mutation, ({ fixture, flips }) => {
        const { api, version, frame } = brokerFixtures[fixture]!;
        const bytes = frame.slice();
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        decodeSafely(() => decodeResponseFrame(api, version, bytes));
      }),
      { numRuns: 20_000, seed: 42 },
    );
  });
});
