// Connection pipelining (maxInFlight > 1) against @lk/fake, its Metadata requests taken over and
// held so that the test decides when (and in which order, and in which writes) they are answered.
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiKey, Metadata, Produce } from '@lk/api';
import type { TakenRequest } from '@lk/fake';
import { concatBytes, ZERO_UUID } from '@lk/wire';
import { afterEach, describe, expect, it } from 'vitest';
import type { Connection } from '../src/connection.ts';
import { AbortError, ProtocolError, TimeoutError } from '../src/errors.ts';
import { openConnection } from '../src/open-connection.ts';
import { plain } from '../src/sasl/plain.ts';
import { startFake, type TestFake, takeOver } from './fake.ts';
import { rejection } from './helpers.ts';

let fake: TestFake | null = null;
let connection: Connection | null = null;

// Each test's connection and cluster go when it ends.
afterEach(async () => {
  const [c, f] = [connection, fake];
  [connection, fake] = [null, null];
  c?.close();
  expect(f?.cluster.serverErrors ?? []).toEqual([]);
  await f?.cluster.close();
});

/** Metadata naming one topic: the answer echoes it, so each response shows which request it answers. */
const ask = (topic: string) => ({
  ...Metadata.newRequest(),
  topics: [{ topicId: ZERO_UUID, name: topic }],
  allowAutoTopicCreation: false,
});

/** The fake's answer to a held request, as bytes. */
const answer = async (held: TakenRequest): Promise<Uint8Array> => (await held.response())!;

/** A fake whose Metadata requests are held until the test answers them. */
async function holdingBroker(
  options: Parameters<typeof startFake>[0] = {},
): Promise<{ held: TakenRequest[] }> {
  const held: TakenRequest[] = [];
  fake = await startFake(options);
  takeOver(
    fake.cluster,
    (r) => r.apiKey === ApiKey.Metadata,
    (taken) => held.push(taken),
  );
  return { held };
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await sleep(5);
  expect(condition()).toBe(true);
}

describe('Connection pipelining', () => {
  it('writes one request at a time by default', async () => {
    const { held } = await holdingBroker();
    connection = await openConnection(fake!.address);
    const calls = ['a', 'b'].map((t) => connection!.call(Metadata, ask(t)));
    await until(() => held.length === 1);
    await sleep(50);
    expect(held).toHaveLength(1);
    await held[0]!.answer();
    await until(() => held.length === 2);
    await held[1]!.answer();
    const names = (await Promise.all(calls)).map((r) => r.topics[0]!.name);
    expect(names).toEqual(['a', 'b']);
  });

  it('writes up to maxInFlight requests before the first answer and matches answers in order', async () => {
    const { held } = await holdingBroker();
    connection = await openConnection(fake!.address, { maxInFlight: 3 });
    const topics = ['a', 'b', 'c', 'd', 'e'];
    const calls = topics.map((t) => connection!.call(Metadata, ask(t)));
    await until(() => held.length === 3);
    await sleep(50);
    expect(held).toHaveLength(3);
    expect(connection.inFlightCount).toBe(3);
    expect(connection.pendingCount).toBe(5);
    // Two answers in one write: both requests complete, two more are written.
    held[0]!.write(concatBytes([await answer(held[0]!), await answer(held[1]!)]));
    await until(() => held.length === 5);
    for (const h of held.slice(2)) await h.answer();
    const names = (await Promise.all(calls)).map((r) => r.topics[0]!.name);
    expect(names).toEqual(topics);
    expect(connection.inFlightCount).toBe(0);
  });

  it('fails every request in flight on a correlation id mismatch, and closes', async () => {
    const { held } = await holdingBroker();
    connection = await openConnection(fake!.address, { maxInFlight: 3 });
    const calls = ['a', 'b', 'c'].map((t) => rejection(connection!.call(Metadata, ask(t))));
    await until(() => held.length === 3);
    // The answer to the second request first.
    await held[1]!.answer();
    const errors = await Promise.all(calls);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as ProtocolError).code).toBe('LK_PROTOCOL_CORRELATION_ID');
    }
    expect(connection.closed).toBe(true);
  });

  it('fails every request in flight when one times out, and closes', async () => {
    const { held } = await holdingBroker();
    connection = await openConnection(fake!.address, { maxInFlight: 4 });
    const slow = rejection(connection.call(Metadata, ask('a'), { timeoutMs: 150 }));
    const others = ['b', 'c'].map((t) => rejection(connection!.call(Metadata, ask(t))));
    await until(() => held.length === 3);
    const started = performance.now();
    const error = await slow;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(1000);
    for (const other of await Promise.all(others)) expect(other).toBe(error);
    expect(connection.closed).toBe(true);
    // Later calls do not reach the broker.
    expect((await rejection(connection.call(Metadata, ask('d')))).message).toContain('closed');
  });

  it('closes when a written request is aborted; a queued one just leaves', async () => {
    const { held } = await holdingBroker();
    connection = await openConnection(fake!.address, { maxInFlight: 2 });
    const writtenAbort = new AbortController();
    const queuedAbort = new AbortController();
    const first = rejection(connection.call(Metadata, ask('a'), { signal: writtenAbort.signal }));
    const second = rejection(connection.call(Metadata, ask('b')));
    const queued = rejection(connection.call(Metadata, ask('c'), { signal: queuedAbort.signal }));
    await until(() => held.length === 2);
    queuedAbort.abort();
    expect(await queued).toBeInstanceOf(AbortError);
    expect(connection.closed).toBe(false);
    writtenAbort.abort();
    expect(await first).toBeInstanceOf(AbortError);
    expect(await second).toBeInstanceOf(AbortError);
    expect(connection.closed).toBe(true);
    expect(held).toHaveLength(2);
  });

  it('keeps acks=0 produce requests out of the responses awaited', async () => {
    const { held } = await holdingBroker();
    connection = await openConnection(fake!.address, { maxInFlight: 3 });
    const first = connection.call(Metadata, ask('a'));
    await connection.send(Produce, { ...Produce.newRequest(), acks: 0, timeoutMs: 1000, topicData: [] });
    const second = connection.call(Metadata, ask('b'));
    // The fake serves the Produce between the two (acks=0: no answer) while both Metadata are held.
    await until(() => held.length === 2);
    expect(fake!.seen.map((r) => r.apiKey).slice(1)).toEqual([
      ApiKey.Metadata,
      ApiKey.Produce,
      ApiKey.Metadata,
    ]);
    expect(connection.inFlightCount).toBe(2);
    held[0]!.write(concatBytes([await answer(held[0]!), await answer(held[1]!)]));
    expect((await first).topics[0]!.name).toBe('a');
    expect((await second).topics[0]!.name).toBe('b');
  });

  it('gives each response the memory its own call asked for, also two frames in one read', async () => {
    const { held } = await holdingBroker();
    connection = await openConnection(fake!.address, { maxInFlight: 2 });
    const given: string[] = [];
    const memoryFor = (topic: string) => (size: number) => {
      given.push(topic);
      return new Uint8Array(size);
    };
    const calls = ['a', 'b'].map((t) => connection!.call(Metadata, ask(t), { responseMemory: memoryFor(t) }));
    await until(() => held.length === 2);
    const one = await answer(held[0]!);
    const two = await answer(held[1]!);
    // The whole first frame and the start of the second in one write, the rest later: the second
    // frame's memory is asked for while the first is still undelivered.
    const both = concatBytes([one, two]);
    held[0]!.write(both.subarray(0, one.length + 6));
    await sleep(30);
    held[0]!.write(both.subarray(one.length + 6));
    const names = (await Promise.all(calls)).map((r) => r.topics[0]!.name);
    expect(names).toEqual(['a', 'b']);
    expect(given).toEqual(['b']);
  });

  it('renews the SASL session only once the requests in flight were answered, then pipelines again', async () => {
    const { held } = await holdingBroker({ sasl: { users: { u: 'p' }, sessionLifetimeMs: 400 } });
    const order = () =>
      fake!.seen.flatMap((r) =>
        r.apiKey === ApiKey.SaslHandshake
          ? ['handshake']
          : r.apiKey === ApiKey.Metadata
            ? [`metadata ${(r.body as ReturnType<typeof ask>).topics[0]!.name}`]
            : [],
      );
    const broker = fake!.cluster.broker(0);
    connection = await openConnection(
      { host: broker.host, port: broker.port('sasl') },
      { maxInFlight: 3, sasl: plain({ username: 'u', password: 'p' }) },
    );
    const early = ['a', 'b'].map((t) => connection!.call(Metadata, ask(t)));
    await until(() => held.length === 2);
    await sleep(connection.session!.renewAt - performance.now() + 5);
    const late = ['c', 'd'].map((t) => connection!.call(Metadata, ask(t)));
    await sleep(50);
    // Renewal is due: nothing more is written while a and b are in flight.
    expect(order()).toEqual(['handshake', 'metadata a', 'metadata b']);
    for (const h of held.splice(0)) await h.answer();
    await Promise.all(early);
    await until(() => held.length === 2);
    expect(order()).toEqual([
      'handshake',
      'metadata a',
      'metadata b',
      'handshake',
      'metadata c',
      'metadata d',
    ]);
    expect(connection.authentications).toBe(2);
    for (const h of held.splice(0)) await h.answer();
    expect((await Promise.all(late)).map((r) => r.topics[0]!.name)).toEqual(['c', 'd']);
  });
});
