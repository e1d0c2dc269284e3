import { describe, expect, it } from 'vitest';
import {
  type AnyApi,
  ApiKey,
  apiByKey,
  apis,
  apiVersionRanges,
  chooseVersion,
  Fetch,
  highestStableVersion,
  InitProducerId,
  negotiateVersions,
  Produce,
  type RequestInput,
  type RequestOf,
  type ResponseOf,
  UnsupportedVersionError,
} from '../src/index.ts';

describe('version negotiation', () => {
  it('picks the highest common version per API and drops APIs without overlap', () => {
    const broker = [
      { apiKey: ApiKey.Produce, minVersion: 0, maxVersion: 11 },
      { apiKey: ApiKey.Fetch, minVersion: 0, maxVersion: 20 },
      { apiKey: ApiKey.LeaderAndIsr, minVersion: 0, maxVersion: 7 },
      { apiKey: 999, minVersion: 0, maxVersion: 1 },
    ];
    expect(negotiateVersions(broker)).toEqual(
      new Map([
        [0, 11],
        [1, 18],
      ]),
    );
  });

  it('treats the Produce minimum as 3 even when a 4.x broker advertises 0', () => {
    expect(
      negotiateVersions([{ apiKey: ApiKey.Produce, minVersion: 0, maxVersion: 2 }]).has(ApiKey.Produce),
    ).toBe(false);
    expect(chooseVersion(Produce, { minVersion: 0, maxVersion: 13 }, { max: 5 })).toBe(5);
    expect(() => chooseVersion(Produce, { minVersion: 0, maxVersion: 13 }, { max: 2 })).toThrow(
      UnsupportedVersionError,
    );
  });

  it('skips an unstable latest version unless asked for', () => {
    expect(InitProducerId.latestVersionUnstable).toBe(true);
    const broker = [{ apiKey: ApiKey.InitProducerId, minVersion: 0, maxVersion: 6 }];
    expect(negotiateVersions(broker).get(ApiKey.InitProducerId)).toBe(5);
    expect(negotiateVersions(broker, { includeUnstable: true }).get(ApiKey.InitProducerId)).toBe(6);
    expect(chooseVersion(InitProducerId, { minVersion: 0, maxVersion: 6 })).toBe(5);
    expect(chooseVersion(InitProducerId, { minVersion: 0, maxVersion: 6 }, { max: 6 })).toBe(6);
  });

  it('honours the wanted range and explains a missing overlap', () => {
    expect(chooseVersion(Fetch, { minVersion: 4, maxVersion: 17 }, { min: 6, max: 12 })).toBe(12);
    expect(() => chooseVersion(Fetch, { minVersion: 0, maxVersion: 3 })).toThrow(
      /no Fetch version in common: lk 4-18, broker 0-3/,
    );
  });

  it('looks definitions up by key', () => {
    expect(apiByKey(0)).toBe(Produce);
    expect(apiByKey(ApiKey.Fetch)?.name).toBe('Fetch');
    expect(apiByKey(93)).toBeUndefined();
    expect(apiByKey(-1)).toBeUndefined();
    expect(apiByKey(4)?.maxVersion).toBe(-1);
  });
});

describe('apiVersionRanges', () => {
  it('holds the same versions as the definitions, by key, for every API', () => {
    expect(apiVersionRanges).toHaveLength(apis.length);
    for (const api of apis) {
      expect(apiVersionRanges[api.apiKey], api.name).toEqual([
        api.minVersion,
        api.maxVersion,
        api.latestVersionUnstable,
      ]);
    }
  });
});

describe('highestStableVersion and the API types', () => {
  it('stops below an unstable latest version', () => {
    expect(highestStableVersion(InitProducerId)).toBe(InitProducerId.maxVersion - 1);
    expect(highestStableVersion(Fetch)).toBe(Fetch.maxVersion);
  });

  it('types requests and responses of any API', () => {
    const build: RequestInput<typeof Produce> = (version) => ({
      ...Produce.newRequest(),
      acks: version > 2 ? -1 : 1,
    });
    const request: RequestOf<typeof Produce> = typeof build === 'function' ? build(9) : build;
    const response: ResponseOf<typeof Produce> = Produce.newResponse();
    const api: AnyApi = Produce;
    // @ts-expect-error: a Produce request is not a Fetch request
    const wrong: RequestOf<typeof Fetch> = request;
    expect([request.acks, response.responses, api.apiKey, wrong]).toEqual([-1, [], ApiKey.Produce, request]);
  });
});
