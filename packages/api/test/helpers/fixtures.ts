import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrokerApiDefinition, brokerApiByKey } from '../../src/broker.ts';

/** One captured broker answer. */
export interface BrokerFixture {
  api: BrokerApiDefinition<unknown, unknown>;
  version: number;
  frame: Uint8Array;
  label: string;
}

const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'broker-responses.json');
const raw = JSON.parse(readFileSync(file, 'utf8')) as {
  fixtures: { apiKey: number; version: number; frame: string }[];
};

/** Every fixture of test/fixtures/broker-responses.json. */
export const brokerFixtures: readonly BrokerFixture[] = raw.fixtures.map((fixture) => {
  const api = brokerApiByKey(fixture.apiKey);
  if (api === undefined) throw new Error(`fixture for unknown API key ${fixture.apiKey}`);
  return {
    api,
    version: fixture.version,
    frame: new Uint8Array(Buffer.from(fixture.frame, 'hex')),
    label: `${api.name} v${fixture.version}`,
  };
});
