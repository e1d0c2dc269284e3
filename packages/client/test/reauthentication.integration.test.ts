// KIP-368 against a broker of its own that limits SASL sessions (connections.max.reauth.ms): the
// broker closes a connection whose session has ended at its next request, so a client must
// authenticate again before that, on the same connection, or stop using it.
import { setTimeout as sleep } from 'node:timers/promises';
import { type KafkaCluster, startKafka, unsecuredJwt, validOAuthClaims } from '@lk/kafka-harness';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SaslOptions } from '../src/options.ts';
import { PartitionFetcher } from '../src/partition-fetcher.ts';
import { PartitionProducer } from '../src/partition-producer.ts';
import { oauthBearer } from '../src/sasl/oauthbearer.ts';
import { plain } from '../src/sasl/plain.ts';
import { scramSha512 } from '../src/sasl/scram.ts';
import { uniqueTopic } from './helpers.ts';

const SESSION_MS = 5_000;
const kafka = inject('kafka');

describe(`SASL sessions limited to ${SESSION_MS} ms (KIP-368)`, () => {
  let cluster: KafkaCluster;
  let topic: string;
  beforeAll(async () => {
    cluster = await startKafka({
      nodes: 1,
      version: kafka.version,
      serverProperties: { 'connections.max.reauth.ms': SESSION_MS },
    });
    topic = uniqueTopic('reauth');
    await cluster.createTopic(topic, { partitions: 1, replicationFactor: 1 });
  }, 120_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  let tokens = 0;
  const mechanisms: Record<string, () => { bootstrap: string; sasl: SaslOptions }> = {
    PLAIN: () => ({
      bootstrap: cluster.bootstraps.saslPlaintext,
      sasl: plain(cluster.users.plain),
    }),
    'SCRAM-SHA-512': () => ({
      bootstrap: cluster.bootstraps.saslPlaintext,
      sasl: scramSha512(cluster.users.scram),
    }),
    OAUTHBEARER: () => ({
      bootstrap: cluster.bootstraps.oauth,
      sasl: oauthBearer({
        token: () => {
          tokens++;
          return { token: unsecuredJwt(validOAuthClaims('lk-oauth-user')) };
        },
      }),
    }),
  };

  it.each(Object.keys(mechanisms))(
    'keeps a %s connection past its session by authenticating again',
    async (name) => {
      const { bootstrap, sasl } = mechanisms[name]!();
      tokens = 0;
      const producer = new PartitionProducer({ bootstrap, sasl, topic, partition: 0, acks: -1 });
      await producer.produceStrings([`${name}-first`]);
      const connection = producer.client.connection!;
      expect(connection.authentications).toBe(1);
      expect(connection.session?.lifetimeMs).toBeGreaterThan(0);
      expect(connection.session?.lifetimeMs).toBeLessThanOrEqual(SESSION_MS);
      // A call once the renewal point has passed (85–95 % of the session, so 250–750 ms before
      // its end) authenticates again first, on the same connection.
      await sleep(connection.session!.renewAt - performance.now() + 20);
      expect(performance.now()).toBeLessThan(connection.session!.expiresAt);
      const firstSessionEnds = connection.session!.expiresAt;
      await producer.produceStrings([`${name}-renewed`]);
      // Past the first session's end: the broker would close an unrenewed connection at this call.
      await sleep(firstSessionEnds - performance.now() + 300);
      await producer.produceStrings([`${name}-in-the-second-session`]);
      expect(producer.client.connection).toBe(connection);
      expect(connection.closed).toBe(false);
      expect(connection.authentications).toBe(2);
      // A fresh token for every exchange, plus one for the leader lookup's bootstrap connection.
      if (name === 'OAUTHBEARER') expect(tokens).toBe(connection.authentications + 1);
      producer.close();
    },
    30_000,
  );

  it('replaces a connection left idle past its session, and fetches everything produced', async () => {
    const { bootstrap, sasl } = mechanisms['SCRAM-SHA-512']!();
    const own = uniqueTopic('reauth-idle');
    await cluster.createTopic(own, { partitions: 1, replicationFactor: 1 });
    const producer = new PartitionProducer({ bootstrap, sasl, topic: own, partition: 0, acks: -1 });
    await producer.produceStrings(['before']);
    const first = producer.client.connection!;
    await sleep(SESSION_MS + 500);
    await producer.produceStrings(['after']);
    expect(producer.client.connection).not.toBe(first);
    producer.close();
    const fetcher = new PartitionFetcher({ bootstrap, sasl, topic: own, partition: 0 });
    const { records } = await fetcher
      .records()
      .next()
      .then((step) => step.value!);
    expect(records.map((r) => new TextDecoder().decode(r.value!))).toEqual(['before', 'after']);
    fetcher.close();
  }, 30_000);
});
