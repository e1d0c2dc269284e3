// Bootstrap by DNS SRV name against the real broker, with SRV answers from a DNS server in the test.
import { Resolver } from 'node:dns/promises';
import { ErrorCode } from '@lk/api';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAddress } from '../src/address.ts';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import type { TransportError } from '../src/errors.ts';
import { PartitionProducer } from '../src/partition-producer.ts';
import { type SrvDnsServer, startSrvDnsServer } from './dns-server.ts';
import { closedPort, expectedBrokers, rejection, uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const broker = parseAddress(kafka.bootstrap.split(',')[0]!);
const NAME = '_kafka._tcp.lk.test';
// A real host name, so the SRV target goes through the system resolver like a production one.
const live = { priority: 10, weight: 0, port: broker.port, target: 'localhost' };

describe('SRV bootstrap against a broker', () => {
  let server: SrvDnsServer;
  let srvResolver: Resolver;

  beforeAll(async () => {
    server = await startSrvDnsServer({ [NAME]: [live] });
    srvResolver = new Resolver({ timeout: 2000, tries: 1 });
    srvResolver.setServers([server.address]);
  });
  afterAll(() => server.close());

  it('bootstraps through the SRV name and asks DNS once for two bootstraps', async () => {
    server.records.set(NAME, [live]);
    const cluster = new BootstrapClient(NAME, { srvResolver });
    const before = server.questions.length;
    expect((await cluster.metadata(null)).brokers).toHaveLength((await expectedBrokers(kafka)).length);
    expect((await cluster.apiVersions()).errorCode).toBe(ErrorCode.NONE);
    expect(server.questions.length - before).toBe(1);
  });

  it('forgets the answer after a connection error and asks again', async () => {
    const dead = await closedPort();
    server.records.set(NAME, [{ ...live, port: dead }]);
    const cluster = new BootstrapClient(NAME, { srvResolver, dialTimeoutMs: 2000 });
    const before = server.questions.length;
    const error = await rejection(cluster.metadata(null));
    expect((error as TransportError).code).toBe('LK_TRANSPORT_DIAL');
    expect((error as TransportError).broker).toBe(`localhost:${dead}`);
    // DNS now names the live broker; only a fresh query can find it.
    server.records.set(NAME, [live]);
    expect((await cluster.metadata(null)).brokers).toHaveLength((await expectedBrokers(kafka)).length);
    expect(server.questions.length - before).toBe(2);
  });

  it('tries the SRV targets in priority order, skipping an unreachable one', async () => {
    const dead = await closedPort();
    server.records.set(NAME, [live, { ...live, priority: 1, port: dead }]);
    const cluster = new BootstrapClient(NAME, { srvResolver });
    expect(await cluster.resolver.addresses()).toEqual([
      { host: 'localhost', port: dead },
      { host: 'localhost', port: broker.port },
    ]);
    expect((await cluster.metadata(null)).brokers).toHaveLength((await expectedBrokers(kafka)).length);
  });

  it('lets a producer bootstrap through the SRV name', async () => {
    server.records.set(NAME, [live]);
    const topic = uniqueTopic('srv');
    await new BootstrapClient(kafka.bootstrap).createTopic(topic, { numPartitions: 1 });
    const producer = new PartitionProducer({ bootstrap: NAME, srvResolver, topic, partition: 0, acks: 1 });
    expect(await producer.produceStrings(['via-srv'])).toMatchObject({
      errorCode: ErrorCode.NONE,
      baseOffset: 0n,
    });
    producer.close();
  });
});
