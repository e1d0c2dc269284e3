import { ErrorCode } from '@lk/api';
import { describe, expect, inject, it } from 'vitest';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import type { Connection } from '../src/connection.ts';
import { AbortError, ProduceError, TimeoutError, TransportError } from '../src/errors.ts';
import { PartitionFetcher } from '../src/partition-fetcher.ts';
import { PartitionProducer } from '../src/partition-producer.ts';
import { rejection, uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const cluster = new BootstrapClient(kafka.bootstrap);
const text = new TextDecoder();

/** Cuts the connection when the next response starts arriving: the request was processed, its answer lost. */
function loseNextResponse(connection: Connection): void {
  const socket = connection.socket;
  const listeners = socket.listeners('data') as ((chunk: Buffer) => void)[];
  socket.removeAllListeners('data');
  socket.once('data', () => {
    socket.destroy();
    for (const listener of listeners) socket.on('data', listener);
  });
}

async function readAll(topic: string): Promise<string[]> {
  const fetcher = new PartitionFetcher({ bootstrap: kafka.bootstrap, topic, partition: 0, maxWaitMs: 100 });
  await fetcher.seekToNewest();
  const end = fetcher.offset;
  fetcher.offset = 0n;
  const values: string[] = [];
  while (fetcher.offset < end) {
    const result = await fetcher.fetch();
    const { records, nextOffset } = fetcher.read(result);
    values.push(...records.map((r) => text.decode(r.value!)));
    if (nextOffset !== undefined) fetcher.offset = nextOffset;
  }
  fetcher.close();
  return values;
}

async function topicWithProducer(
  idempotent: boolean,
): Promise<{ topic: string; producer: PartitionProducer }> {
  const topic = uniqueTopic(idempotent ? 'idem' : 'plain');
  await cluster.createTopic(topic, { numPartitions: 1 });
  return {
    topic,
    producer: new PartitionProducer({ bootstrap: kafka.bootstrap, topic, partition: 0, idempotent }),
  };
}

describe('a lost produce response', () => {
  it('is retried by an idempotent producer with the same sequence, leaving no duplicate', async () => {
    const { topic, producer } = await topicWithProducer(true);
    await producer.produceStrings(['a']);
    const firstConnection = producer.client.connection!;
    loseNextResponse(firstConnection);
    const result = await producer.produceStrings(['b', 'c']);
    expect(result.attempts).toBe(2);
    expect(result.baseOffset).toBe(1n);
    expect(firstConnection.closed).toBe(true);
    expect(producer.client.connection).not.toBe(firstConnection);
    expect(producer.nextSequence).toBe(3);
    await producer.produceStrings(['d']);
    producer.close();
    expect(await readAll(topic)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('is reported as POSSIBLY_PERSISTED by a plain producer, which does not retry', async () => {
    const { topic, producer } = await topicWithProducer(false);
    await producer.produceStrings(['a']);
    loseNextResponse(producer.client.connection!);
    const error = await rejection(producer.produceStrings(['b']));
    expect(error).toBeInstanceOf(ProduceError);
    expect((error as ProduceError).outcome).toBe('POSSIBLY_PERSISTED');
    expect((error as ProduceError).cause).toBeInstanceOf(TransportError);
    await producer.produceStrings(['c']);
    producer.close();
    expect(await readAll(topic)).toEqual(['a', 'b', 'c']);
  });

  it('says NOT_PERSISTED when nothing could be sent', async () => {
    const producer = new PartitionProducer({
      bootstrap: kafka.bootstrap,
      topic: uniqueTopic('absent'),
      partition: 0,
      deliveryTimeoutMs: 0,
    });
    const error = await rejection(producer.produceStrings(['x']));
    expect((error as ProduceError).outcome).toBe('NOT_PERSISTED');
    producer.close();
  });
});

describe('a connection killed, timed out or aborted mid-call', () => {
  async function waitingFetcher(): Promise<PartitionFetcher> {
    const topic = uniqueTopic('midcall');
    await cluster.createTopic(topic, { numPartitions: 1 });
    // An empty partition and a long maxWait: the fetch stays outstanding on the broker.
    const fetcher = new PartitionFetcher({
      bootstrap: kafka.bootstrap,
      topic,
      partition: 0,
      maxWaitMs: 3000,
    });
    await fetcher.seekToNewest();
    return fetcher;
  }

  it('gives a typed error, and the next call reconnects', async () => {
    const fetcher = await waitingFetcher();
    const before = fetcher.client.connection!;
    setTimeout(() => before.socket.destroy(), 100);
    const error = await rejection(fetcher.fetch());
    expect((error as TransportError).code).toBe('LK_TRANSPORT_CLOSED');
    fetcher.maxWaitMs = 10;
    expect((await fetcher.fetch()).errorCode).toBe(ErrorCode.NONE);
    expect(fetcher.client.connection).not.toBe(before);
    fetcher.close();
  });

  it('times out, closing the connection, and recovers', async () => {
    const fetcher = await waitingFetcher();
    const before = fetcher.client.connection!;
    const error = await rejection(fetcher.fetch({ timeoutMs: 200 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(before.closed).toBe(true);
    fetcher.maxWaitMs = 10;
    expect((await fetcher.fetch()).errorCode).toBe(ErrorCode.NONE);
    fetcher.close();
  });

  it('aborts, closing the connection, and recovers', async () => {
    const fetcher = await waitingFetcher();
    const before = fetcher.client.connection!;
    const error = await rejection(fetcher.fetch({ signal: AbortSignal.timeout(100) }));
    expect(error).toBeInstanceOf(AbortError);
    expect(before.closed).toBe(true);
    fetcher.maxWaitMs = 10;
    expect((await fetcher.fetch()).errorCode).toBe(ErrorCode.NONE);
    fetcher.close();
  });

  it('refuses calls after close', async () => {
    const fetcher = await waitingFetcher();
    fetcher.close();
    expect(((await rejection(fetcher.fetch())) as TransportError).code).toBe('LK_CLIENT_CLOSED');
  });
});
