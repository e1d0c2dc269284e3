// Maintenance tool, not a test: records a real broker's answers to the every-version walk of the
// integration tests as golden fixtures (test/fixtures/broker-responses.json), which a unit test
// decodes and the fuzz test mutates.
//
//   node --conditions=@lk/source packages/api/scripts/capture-fixtures.ts        # starts Kafka 4.3.1
//   LK_BOOTSTRAP=127.0.0.1:9092 node --conditions=@lk/source packages/api/scripts/capture-fixtures.ts
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startKafka } from '../../../tools/kafka/src/cluster.ts';
import { allVersionSteps } from '../test/helpers/all-versions.ts';
import { BrokerConnection } from '../test/helpers/broker-connection.ts';
import * as scenario from '../test/helpers/scenarios.ts';

interface Fixture {
  api: string;
  apiKey: number;
  version: number;
  /** The response frame without its size prefix: header, then body. */
  frame: string;
}

const output = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'test',
  'fixtures',
  'broker-responses.json',
);

async function main(): Promise<void> {
  const cluster = process.env.LK_BOOTSTRAP ? null : await startKafka({ version: '4.3.1', nodes: 1 });
  const bootstrap = (process.env.LK_BOOTSTRAP ?? cluster!.bootstrap).split(',')[0]!;
  const conn = await BrokerConnection.open(bootstrap);
  const fixtures = new Map<string, Fixture>();
  try {
    const { body } = await scenario.apiVersions(conn, 3);
    const advertised = new Map(body.apiKeys.map((key) => [key.apiKey, key]));
    // The first answer per API and version: later ones differ only in ids and offsets.
    conn.onAnswer = (api, version, frame) => {
      const key = `${api.name} v${version}`;
      if (!fixtures.has(key))
        fixtures.set(key, {
          api: api.name,
          apiKey: api.apiKey,
          version,
          frame: Buffer.from(frame).toString('hex'),
        });
    };
    for (const step of allVersionSteps(
      () => conn,
      () => advertised,
    ))
      await step.run();
  } finally {
    conn.close();
    await cluster?.stop();
  }
  const sorted = [...fixtures.values()].sort((a, b) => a.apiKey - b.apiKey || a.version - b.version);
  const note = `Captured from Kafka 4.3.1 (PLAINTEXT) by packages/api/scripts/capture-fixtures.ts on ${new Date().toISOString().slice(0, 10)}.`;
  writeFileSync(output, `${JSON.stringify({ note, fixtures: sorted }, null, 1)}\n`);
  console.log(`wrote ${sorted.length} fixtures to ${output}`);
}

await main();
