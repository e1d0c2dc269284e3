import { Reader, Writer } from '@lk/wire';
import { describe, expect, it } from 'vitest';
import { brokerApis as apis, type BrokerApiDefinition } from '../src/broker.ts';
import { populate, type Variant } from './helpers/populate.ts';
import { specsOf } from './helpers/specs.ts';

type Side = 'Request' | 'Response';

function roundTrip(
  api: BrokerApiDefinition<unknown, unknown>,
  side: Side,
  value: unknown,
  version: number,
): void {
  const encode = side === 'Request' ? api.encodeRequest : api.encodeResponse;
  const decode = side === 'Request' ? api.decodeRequest : api.decodeResponse;
  const writer = new Writer();
  encode(writer, value, version);
  const bytes = writer.toBytes();
  const reader = new Reader(bytes);
  const decoded = decode(reader, version);
  expect(reader.remaining, 'bytes left after decoding').toBe(0);
  expect(decoded).toEqual(value);
  const again = new Writer();
  encode(again, decoded, version);
  expect(again.toBytes()).toEqual(bytes);
}

function versionsOf(api: BrokerApiDefinition<unknown, unknown>): number[] {
  const versions: number[] = [];
  for (let version = api.minVersion; version <= api.maxVersion; version++) versions.push(version);
  return versions;
}

const cases = apis.flatMap((api) =>
  versionsOf(api).flatMap((version) =>
    (['Request', 'Response'] as const).map((side) => ({
      api,
      version,
      side,
      label: `${api.name} v${version} ${side}`,
    })),
  ),
);

describe('every API, every version, requests and responses', () => {
  it('covers all 93 API keys and every version of the specs', () => {
    expect(apis).toHaveLength(93);
    expect(apis.map((api) => api.apiKey)).toEqual([...Array(93).keys()]);
    expect(cases.length).toBeGreaterThan(500);
  });

  it.each(cases)('$label round-trips populated and default values', ({ api, version, side }) => {
    const spec = specsOf(api.name)[side === 'Request' ? 'request' : 'response'];
    for (const variant of ['full', 'sparse'] as Variant[]) {
      roundTrip(api, side, populate(spec, version, variant), version);
    }
    roundTrip(api, side, side === 'Request' ? api.newRequest() : api.newResponse(), version);
  });
});
