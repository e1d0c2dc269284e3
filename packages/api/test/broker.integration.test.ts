// Every version the broker advertises (within the spec range) of the APIs a client needs, against
// the real broker of the integration setup: Kafka 4.3.1 by default, 3.9.2 with LK_KAFKA_VERSION=3.9.2
// (scripts/test-all.sh runs both).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiByKey, negotiateVersions } from '../src/index.ts';
import { type Advertised, allVersionSteps } from './helpers/all-versions.ts';
import { BrokerConnection } from './helpers/broker-connection.ts';
import * as scenario from './helpers/scenarios.ts';
import './helpers/provided-context.ts';

describe(`Kafka ${inject('kafka').version}: every advertised version`, () => {
  let conn: BrokerConnection;
  let advertised: Advertised = new Map();

  beforeAll(async () => {
    conn = await BrokerConnection.open(inject('kafka').bootstrap.split(',')[0]!);
    const { body } = await scenario.apiVersions(conn, 3);
    advertised = new Map(body.apiKeys.map((key) => [key.apiKey, key]));
  });
  afterAll(() => conn?.close());

  it('negotiation picks the newest versions both sides support', () => {
    const negotiated = negotiateVersions(
      [...advertised.entries()].map(([apiKey, range]) => ({ apiKey, ...range })),
    );
    for (const [apiKey, version] of negotiated) {
      const ours = apiByKey(apiKey)!;
      const theirs = advertised.get(apiKey)!;
      expect(version).toBeLessThanOrEqual(Math.min(ours.maxVersion, theirs.maxVersion));
      expect(version).toBeGreaterThanOrEqual(Math.max(ours.minVersion, theirs.minVersion));
    }
    expect(advertised.get(0)?.minVersion).toBe(0); // Produce advertised from 0 ...
    if (inject('kafka').version === '4.3.1') {
      expect(negotiated.get(0)).toBe(13); // ... but only 3-13 are real
      expect(negotiated.get(1)).toBe(18);
      expect(negotiated.get(3)).toBe(13);
      expect(negotiated.get(18)).toBe(4);
    } else {
      expect(negotiated.get(0)).toBe(advertised.get(0)?.maxVersion);
      expect(negotiated.get(1)).toBe(advertised.get(1)?.maxVersion);
    }
  });

  for (const step of allVersionSteps(
    () => conn,
    () => advertised,
  ))
    it(`${step.name}, at every version`, step.run);
});
