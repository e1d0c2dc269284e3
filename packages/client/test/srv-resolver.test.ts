// BootstrapResolver with an SRV name, against the test DNS server (no broker needed).
import { Resolver } from 'node:dns/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BootstrapResolver } from '../src/bootstrap.ts';
import { TransportError } from '../src/errors.ts';
import { type SrvDnsServer, startSrvDnsServer, TYPE_SRV } from './dns-server.ts';
import { rejection } from './helpers.ts';

const NAME = '_kafka._tcp.lk.test';

describe('SRV bootstrap resolution', () => {
  let server: SrvDnsServer;
  let resolver: Resolver;

  beforeAll(async () => {
    server = await startSrvDnsServer({
      [NAME]: [
        { priority: 20, weight: 0, port: 9094, target: 'c.lk.test' },
        { priority: 10, weight: 1, port: 9093, target: 'b.lk.test' },
        { priority: 10, weight: 5, port: 9092, target: 'a.lk.test' },
      ],
    });
    resolver = new Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([server.address]);
  });
  afterAll(() => server.close());

  it('answers Node resolver queries correctly (the test server itself)', async () => {
    const records = await resolver.resolveSrv(NAME);
    expect(records).toHaveLength(3);
    expect(records).toContainEqual(
      expect.objectContaining({ name: 'a.lk.test', port: 9092, priority: 10, weight: 5 }),
    );
    expect(server.questions.at(-1)).toEqual({ name: NAME, type: TYPE_SRV });
    const missing = await rejection(resolver.resolveSrv('_kafka._tcp.absent.test'));
    expect((missing as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
  });

  it('orders by priority, then by weight (heaviest first), and caches until forgotten', async () => {
    const brokers = new BootstrapResolver(NAME, { srvResolver: resolver });
    const before = server.questions.length;
    const expected = [
      { host: 'a.lk.test', port: 9092 },
      { host: 'b.lk.test', port: 9093 },
      { host: 'c.lk.test', port: 9094 },
    ];
    expect(await brokers.addresses()).toEqual(expected);
    expect(await brokers.addresses()).toEqual(expected);
    expect(server.questions.length - before).toBe(1);
    brokers.forget();
    await brokers.addresses();
    expect(server.questions.length - before).toBe(2);
  });

  it('reports a name without records as a dial TransportError naming the SRV name', async () => {
    const brokers = new BootstrapResolver('_kafka._tcp.absent.test', { srvResolver: resolver });
    const error = await rejection(brokers.addresses());
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('LK_TRANSPORT_DIAL');
    expect((error as TransportError).broker).toBe('_kafka._tcp.absent.test');
  });

  it('says a bootstrap without a port was taken as an SRV name, and shows both forms', async () => {
    // A forgotten port: 'localhost' is looked up as an SRV record, which this server does not have.
    const error = await rejection(new BootstrapResolver('localhost', { srvResolver: resolver }).addresses());
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toContain("the bootstrap 'localhost' has no port");
    expect(error.message).toContain('DNS SRV record');
    expect(error.message).toContain("host:port ('localhost:9092')");
    expect(error.message).toContain('_kafka._tcp.example.com');
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOTFOUND');
  });

  it('treats an SRV answer without records as a failure, not as no brokers', async () => {
    const empty = { resolveSrv: async () => [] };
    const error = await rejection(
      new BootstrapResolver('_kafka._tcp.empty.test', { srvResolver: empty }).addresses(),
    );
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toContain('failed (no records)');
  });
});
