import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddress } from '../src/address.ts';
import { BootstrapResolver } from '../src/bootstrap.ts';
import type { Connection } from '../src/connection.ts';
import { AbortError, ConfigError, TransportError } from '../src/errors.ts';
import { GroupClient } from '../src/group-client.ts';
import { DEFAULT_CONNECTION_OPTIONS, resolveConnectionOptions } from '../src/options.ts';
import { PartitionClient } from '../src/partition-client.ts';
import { PartitionFetcher } from '../src/partition-fetcher.ts';
import { PartitionProducer } from '../src/partition-producer.ts';
import { plain } from '../src/sasl/plain.ts';
import { scramSha512 } from '../src/sasl/scram.ts';
import { SerialQueue } from '../src/serial-queue.ts';
import { rejection } from './helpers.ts';

describe('resolveConnectionOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveConnectionOptions()).toEqual({
      ...DEFAULT_CONNECTION_OPTIONS,
      tls: null,
      sasl: null,
    });
    expect(DEFAULT_CONNECTION_OPTIONS).toMatchObject({
      dialTimeoutMs: 5_000,
      requestTimeoutMs: 60_000,
      connectionTtlMs: 0,
      connMaxIdleMs: 540_000,
      maxResponseSize: 100 * 1024 * 1024,
      clientId: 'lk',
    });
  });

  it('takes a SASL mechanism plugin and refuses the settings object of earlier versions, naming the plugin', () => {
    const sasl = scramSha512({ username: 'alice', password: 'secret' });
    expect(resolveConnectionOptions({ sasl }).sasl).toBe(sasl);
    expect(plain({ username: 'u', password: 'p' })).toMatchObject({ mechanism: 'PLAIN', username: 'u' });
    const settings = { mechanism: 'SCRAM-SHA-512', username: 'alice', password: 'secret' };
    expect(() => resolveConnectionOptions({ sasl: settings as never })).toThrow(
      new ConfigError(
        'sasl must be a mechanism plugin such as scramSha512({ username, password }) or plain(...), not an object of settings',
      ),
    );
  });

  it('is idempotent and turns tls: true into default TLS options', () => {
    const once = resolveConnectionOptions({ tls: true, requestTimeoutMs: 10, clientId: undefined });
    expect(once.tls).toEqual({});
    expect(once.clientId).toBe('lk');
    expect(resolveConnectionOptions(once)).toEqual(once);
  });

  it.each([
    [{ clientSoftwareName: 'has space' }, 'clientSoftwareName'],
    [{ clientSoftwareVersion: '-leading' }, 'clientSoftwareVersion'],
    [{ requestTimeoutMs: 0 }, 'requestTimeoutMs must be positive'],
    [{ requestTimeoutMs: Number.NaN }, 'requestTimeoutMs must be positive, got NaN'],
    [{ dialTimeoutMs: -5 }, 'dialTimeoutMs must be positive, got -5'],
    // setTimeout fires at once for longer waits.
    [{ requestTimeoutMs: 2 ** 31 }, 'requestTimeoutMs must be at most 2147483647 ms'],
    [{ connectionTtlMs: -1 }, 'connectionTtlMs must be 0 or more, got -1'],
    [{ connMaxIdleMs: Number.NaN }, 'connMaxIdleMs must be 0 or more, got NaN'],
    [{ maxResponseSize: 1.5 }, 'maxResponseSize must be a positive integer'],
  ] as const)('refuses %o, naming the option', (options, message) => {
    expect(() => resolveConnectionOptions(options)).toThrow(ConfigError);
    expect(() => resolveConnectionOptions(options)).toThrow(message);
  });
});

describe('client options', () => {
  const base = { bootstrap: '127.0.0.1:9092', topic: 't', partition: 0 };

  it.each([
    [{ acks: 2 }, 'acks must be -1 (all in-sync replicas), 0 or 1, got 2'],
    [{ acks: '1' }, 'acks must be -1 (all in-sync replicas), 0 or 1, got 1'],
    [{ timeoutMs: -1 }, 'timeoutMs must be 0 or more, got -1'],
    [{ deliveryTimeoutMs: Number.NaN }, 'deliveryTimeoutMs must be 0 or more, got NaN'],
    [{ retryBackoffMs: -100 }, 'retryBackoffMs must be 0 or more, got -100'],
    [{ requestTimeoutMs: -1 }, 'requestTimeoutMs must be positive, got -1'],
  ])('PartitionProducer refuses %o', (options, message) => {
    const create = () => new PartitionProducer({ ...base, ...(options as object) });
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(message);
  });

  it('PartitionClient.produce refuses acks outside -1, 0 and 1 before connecting', async () => {
    const client = new PartitionClient({ ...base, bootstrap: '127.0.0.1:1' });
    const produced = client.produceOn(
      {} as Connection,
      { nodeId: 1, address: { host: '127.0.0.1', port: 1 }, leaderEpoch: 0, topicId: '' },
      { records: new Uint8Array(0), acks: 3 as 1, timeoutMs: 1000 },
    );
    await expect(produced).rejects.toThrow('acks must be -1 (all in-sync replicas), 0 or 1, got 3');
  });

  it.each([
    [{ maxWaitMs: -1 }, 'maxWaitMs must be 0 or more, got -1'],
    [{ minBytes: Number.NaN }, 'minBytes must be an integer of 0 or more, got NaN'],
    [{ maxBytes: 0 }, 'maxBytes must be a positive integer, got 0'],
    [{ maxBytes: 1.5 }, 'maxBytes must be a positive integer, got 1.5'],
  ])('PartitionFetcher refuses %o', (options, message) => {
    const create = () => new PartitionFetcher({ ...base, ...options });
    expect(create).toThrow(ConfigError);
    expect(create).toThrow(message);
  });

  it('GroupClient.join refuses a session timeout that is not positive, before any request', async () => {
    const group = new GroupClient({ bootstrap: '127.0.0.1:1', groupId: 'g' });
    const joined = group.join({ sessionTimeoutMs: -1, protocols: [] });
    await expect(joined).rejects.toThrow('sessionTimeoutMs must be positive, got -1');
    group.close();
  });
});

describe('addresses and bootstrap', () => {
  it('parses and formats host:port, IPv6 included', () => {
    expect(parseAddress(' b1:9092 ')).toEqual({ host: 'b1', port: 9092 });
    expect(parseAddress('[::1]:9093')).toEqual({ host: '::1', port: 9093 });
    expect(formatAddress({ host: '::1', port: 9093 })).toBe('[::1]:9093');
    for (const bad of ['b1', ':9092', 'b1:0', 'b1:x', 'b1:70000'])
      expect(() => parseAddress(bad)).toThrow(ConfigError);
  });

  it('takes a list or a comma-separated string', async () => {
    const expected = [
      { host: 'a', port: 1 },
      { host: 'b', port: 2 },
    ];
    expect(await new BootstrapResolver('a:1, b:2').addresses()).toEqual(expected);
    expect(await new BootstrapResolver(['a:1', 'b:2']).addresses()).toEqual(expected);
    expect(() => new BootstrapResolver(' , ')).toThrow(ConfigError);
  });

  it('treats a single name without a port as an SRV record, reporting lookup failures as LK_TRANSPORT_DIAL', async () => {
    const resolver = new BootstrapResolver('_kafka._tcp.lk-test.invalid');
    expect(resolver.srvName).toBe('_kafka._tcp.lk-test.invalid');
    const error = await rejection(resolver.addresses());
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('LK_TRANSPORT_DIAL');
  });
});

describe('SerialQueue', () => {
  it('runs tasks one at a time in submission order', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      events.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      queue.run(task('a', 30)),
      queue.run(task('b', 1)),
      queue.run(task('c', 10)),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('lets a waiting caller leave on abort without disturbing the order', async () => {
    const queue = new SerialQueue();
    const controller = new AbortController();
    let release!: () => void;
    const first = queue.run(() => new Promise<string>((r) => (release = () => r('first'))));
    const leaving = queue.run(async () => 'never', controller.signal);
    const third = queue.run(async () => 'third');
    controller.abort();
    expect(await rejection(leaving)).toBeInstanceOf(AbortError);
    expect(queue.size).toBe(3);
    release();
    expect(await Promise.all([first, third])).toEqual(['first', 'third']);
    expect(queue.size).toBe(0);
  });
});
