// Every version the 4.3.1 broker advertises (within the spec range) of the APIs a client needs,
// against the real broker of the integration setup.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { negotiateVersions } from '../src/index.ts';
import { type Advertised, allVersionSteps } from './helpers/all-versions.ts';
import { BrokerConnection } from './helpers/broker-connection.ts';
import * as scenario from './helpers/scenarios.ts';
import './helpers/provided-context.ts';

describe('Kafka 4.3.1: every advertised version', () => {
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
    expect(advertised.get(0)?.minVersion).toBe(0); // advertised from 0 ...
    expect(negotiated.get(0)).toBe(13); // ... but only 3-13 are real
    expect(negotiated.get(1)).toBe(18);
    expect(negotiated.get(3)).toBe(13);
    expect(negotiated.get(18)).toBe(4);
  });

  for (const step of allVersionSteps(
    () => conn,
    () => advertised,
  ))
    it(`${step.name}, at every version`, step.run);
});
