// COMPATIBILITY (Kafka 3.9.2): starts its own single-node 3.9.2 broker (runs in CI; kept fast).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaCluster } from '../src/cluster.ts';
import { startKafka } from '../src/cluster.ts';
import { apiVersions } from '../src/wire.ts';
import { kcatRoundTrip, records, uniqueTopic } from './helpers.ts';

describe('Kafka 3.9.2 single node (compatibility)', { timeout: 120000 }, () => {
  let cluster: KafkaCluster;

  beforeAll(async () => {
    cluster = await startKafka({ version: '3.9.2', nodes: 1, heapMb: 384 });
  }, 180000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60000);

  it('answers ApiVersions v0', async () => {
    const res = await apiVersions({ host: '127.0.0.1', port: cluster.nodes[0]!.ports.plaintext });
    expect(res.errorCode).toBe(0);
    const produce = res.apis.find((a) => a.apiKey === 0)!;
    const fetch = res.apis.find((a) => a.apiKey === 1)!;
    expect(produce.minVersion).toBe(0); // 3.9 still supports Produce v0
    expect(produce.maxVersion).toBe(11);
    expect(fetch.maxVersion).toBe(17);
  });

  it('round-trips with kcat over SCRAM-SHA-512 (librdkafka 2.0.2 works against 3.9)', async () => {
    const recs = records(10);
    const r = await kcatRoundTrip(cluster, 'scram-sha-512', uniqueTopic('k392'), recs);
    expect(r.produce.code, r.produce.stderr).toBe(0);
    expect(r.got).toEqual(recs);
  });

  it('round-trips with kcat over OAUTHBEARER (unsecured validator, as on 4.x)', async () => {
    const recs = records(10);
    const r = await kcatRoundTrip(cluster, 'oauth', uniqueTopic('k392-oauth'), recs);
    expect(r.produce.code, r.produce.stderr).toBe(0);
    expect(r.got).toEqual(recs);
  });
});
