// Real Kafka 4.3.1 answers (see fixtures/README.md) decode without error and re-encode to the same bytes.
import { Writer } from '@lk/wire';
import { describe, expect, it } from 'vitest';
import { encodeResponseFrame } from '../src/broker.ts';
import { decodeResponseFrame, readCorrelationId } from '../src/index.ts';
import { brokerFixtures } from './helpers/fixtures.ts';

describe('captured broker responses', () => {
  it('cover the 13 client APIs at every version the broker advertised', () => {
    expect(new Set(brokerFixtures.map((fixture) => fixture.api.name)).size).toBe(13);
    expect(brokerFixtures.length).toBeGreaterThan(100);
  });

  it.each(brokerFixtures)('$label decodes and re-encodes byte for byte', ({ api, version, frame }) => {
    const { correlationId, body } = decodeResponseFrame(api, version, frame);
    expect(correlationId).toBe(readCorrelationId(frame));
    const again = encodeResponseFrame(api, version, correlationId, body, new Writer());
    expect(again.subarray(4)).toEqual(frame);
  });
});
