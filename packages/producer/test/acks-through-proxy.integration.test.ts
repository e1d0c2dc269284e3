// The plain (not idempotent) producer with acks 0, 1 and -1 through a TCP proxy that keeps cutting
// connections (the idempotent one: connection-cuts.integration.test.ts). acks 1 and -1: nothing
// acknowledged may be lost (a plain producer retries, so duplicates and reordering are allowed and
// counted). acks=0 has no answers to cut: requests are cut instead, and what is lost must be
// bounded by the cuts that fired: the request each one cut and one more written before the
// producer saw the close.
import diagnosticsChannel from 'node:diagnostics_channel';
import { startChaosProxy } from '@lk/chaos-proxy';
import { createTopic } from '@lk/kafka-harness';
import { describe, expect, inject, it } from 'vitest';
import { Producer } from '../src/producer.ts';
import { type ProducerRequestMessage, producerRequestChannel } from '../src/sender.ts';
import { audit, numberedRecords, readWithKcat, uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const RECORDS = 3000;
const PER_CALL = 50;

describe.each([0, 1, -1] as const)('plain producer, acks=%s, through cut connections', (acks) => {
  it('loses nothing acknowledged (acks 1, -1) or only the requests cut (acks 0)', async () => {
    const topic = uniqueTopic(`cuts-acks${acks}`);
    await createTopic(kafka, topic, { partitions: 6, replicationFactor: 1 });
    // Connections a cut closed (not the client or the broker).
    let cuts = 0;
    const proxy = await startChaosProxy({
      upstream: kafka.bootstrap,
      onConnection: (c) =>
        c.client.once('close', () => {
          if (c.closedBy === 'fin' || c.closedBy === 'rst') cuts++;
        }),
    });
    const producer = new Producer({
      bootstrap: proxy.bootstrap,
      acks,
      idempotent: false,
      requestTimeoutMs: 3000,
      lingerMs: 2,
    });
    const failures: Error[] = [];
    let largestRequest = 0;
    const onRequest = (message: unknown): void => {
      const records = (message as ProducerRequestMessage).partitions.reduce((n, p) => n + p.records, 0);
      largestRequest = Math.max(largestRequest, records);
    };
    producerRequestChannel.subscribe(onRequest);
    // Every address the producer dialed: all must be the proxy's (a KIP-951 leader hint the proxy
    // left alone once sent it to the broker itself, and the answers' cuts never landed).
    const dialed = new Set<string>();
    const onPoolConnection = (message: unknown): void => {
      dialed.add((message as { broker: string }).broker);
    };
    diagnosticsChannel.subscribe('lk:pool:connection', onPoolConnection);
    let rounds = 0;
    // Every 150 ms the next bytes of every connection are cut: answers (acks 1, -1) or requests.
    const cutter = setInterval(() => {
      for (const c of proxy.connections) {
        if (c.closed) continue;
        c.set(acks === 0 ? 'up' : 'down', { kind: 'cut', afterBytes: 5 + Math.floor(Math.random() * 60) });
      }
      rounds++;
    }, 150);
    try {
      const sends: Promise<unknown>[] = [];
      for (let call = 0; call * PER_CALL < RECORDS; call++) {
        const records = numberedRecords(call, PER_CALL);
        const sent = producer.send(topic, records).catch((error: Error) => failures.push(error));
        sends.push(sent);
        // Paced (about 1.2 s in all), so that cuts land between sends, not on a pile of them; acks=0
        // one call per request (its send ends once written), so a cut takes known requests: unpaced,
        // the sends made while a connection was being replaced went in one request of 1,000 records.
        if (acks === 0) await sent;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await Promise.all(sends);
    } finally {
      clearInterval(cutter);
      producerRequestChannel.unsubscribe(onRequest);
      diagnosticsChannel.unsubscribe('lk:pool:connection', onPoolConnection);
      await producer.close();
      await proxy.close();
    }
    const proxyAddresses = [...proxy.listeners.values()].map((l) => `127.0.0.1:${l.port}`);
    // Everything in the topic (kcat stops at its end): a plain producer's retries of whole
    // requests wrote up to 4,000 duplicates, more than a cap of twice the records would read.
    const read = await readWithKcat(kafka, topic, RECORDS * 100);
    const result = audit(read, RECORDS);
    console.log(
      `acks=${acks}: ${RECORDS} records, ${rounds} rounds, ${cuts} connections cut, largest request ${largestRequest} records:`,
      result,
    );
    expect(failures.map((e) => e.message).slice(0, 3)).toEqual([]);
    expect([...dialed].filter((address) => !proxyAddresses.includes(address))).toEqual([]);
    expect(cuts).toBeGreaterThan(2);
    expect(result.misplaced).toBe(0);
    if (acks !== 0) {
      expect(result.lost).toBe(0);
    } else {
      // Nothing is ever re-sent with acks=0.
      expect(result.duplicated).toBe(0);
      expect(result.lost).toBeGreaterThan(0); // the cuts reached requests
      expect(largestRequest).toBeLessThanOrEqual(PER_CALL);
      expect(result.lost).toBeLessThanOrEqual(cuts * 2 * PER_CALL);
    }
  }, 120_000);
});
