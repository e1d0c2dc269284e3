// Fuzzing the request path: 10,000 mutated requests per handler (truncated, bytes flipped, versions
// changed) go through the fake's dispatch. Whatever comes in, the process does not crash: the fake
// answers (a typed error response) or closes the connection, and its handlers throw nothing.

import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { CreateTopics, encodeRequestFrame, Fetch, ListOffsets, Metadata, Produce } from '@lk/api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientConnection } from '../src/connection.ts';
import { serveFrame } from '../src/dispatch.ts';
import { allHandlers } from '../src/handlers/index.ts';
import { FakeCluster } from '../src/index.ts';
import { batchBytes, fetchRequest, listOffsetsRequest, produceRequest } from './helpers/requests.ts';

const RUNS_PER_HANDLER = 10_000;
/**
 * Each run draws a new seed (printed when a run fails; LK_FUZZ_SEED repeats it); the seeds of past
 * failures run too, for the handler whose mutations found them.
 */
const SEED = Number(process.env.LK_FUZZ_SEED ?? Math.floor(Math.random() * 0x7fffffff));
const REGRESSIONS: { api: string; seed: number; found: string }[] = [
  // Mutated to ElectLeaders v0, answered with an error code that version has no field for.
  { api: 'Heartbeat', seed: 5, found: 'ElectLeadersResponse.errorCode at v0 FieldVersionError' },
];
/** A request still pending after this long (a long poll, a join waiting for others) is abandoned with its connection. */
const PATIENCE_MS = 5;

let cluster: FakeCluster;
beforeAll(async () => {
  cluster = await FakeCluster.start({
    brokers: 2,
    topics: { t: { partitions: 2 } },
    sasl: { users: { u: 'p' } },
  });
});
afterAll(async () => {
  await cluster.close();
});

/** A connection over an in-memory stream: responses are counted, nothing touches the network. */
function connection(): { conn: ClientConnection; written: () => number } {
  let bytes = 0;
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  }) as unknown as Socket;
  (stream as unknown as { setNoDelay: () => void }).setNoDelay = () => {};
  const conn = new ClientConnection(cluster.broker(0), 'plain', stream, 1 << 20);
  return { conn, written: () => bytes };
}

type Handler = ReturnType<typeof allHandlers>[number];

/** Valid frames of the handler's API at each version it implements: what mutations start from. */
function seeds(handler: Handler): Uint8Array[] {
  const topic = cluster.topic('t');
  const out: Uint8Array[] = [];
  for (let v = handler.minVersion; v <= handler.maxVersion; v++) {
    const requests: unknown[] = [handler.api.newRequest()];
    if (handler.api === Produce) requests.push(produceRequest(topic, 0, batchBytes(3)));
    if (handler.api === Fetch)
      requests.push(fetchRequest(topic, [{ partition: 0, fetchOffset: 0n }], { sessionEpoch: 0 }));
    if (handler.api === ListOffsets) requests.push(listOffsetsRequest('t', 0, -1n));
    if (handler.api === CreateTopics) {
      requests.push({
        ...CreateTopics.newRequest(),
        topics: [{ name: `f${v}`, numPartitions: 2, replicationFactor: 1, assignments: [], configs: [] }],
      });
    }
    if (handler.api === Metadata)
      requests.push({ ...Metadata.newRequest(), topics: [{ name: 't', topicId: topic.id }] });
    for (const request of requests) {
      try {
        out.push(encodeRequestFrame(handler.api, v, 1, 'fuzz', request).slice(4));
      } catch {
        // a default that this version cannot carry: not a seed
      }
    }
  }
  return out;
}

describe('fuzzed requests', () => {
  for (const handler of allHandlers()) {
    it(`${handler.api.name}: ${RUNS_PER_HANDLER} mutated requests, answered or closed, never a crash`, async () => {
      await fuzz(handler, SEED + handler.api.apiKey, `LK_FUZZ_SEED=${SEED} repeats this run`);
    });
  }
  for (const { api, seed, found } of REGRESSIONS) {
    it(`${api}, seed ${seed}: once found ${found}`, async () => {
      const handler = allHandlers().find((h) => h.api.name === api)!;
      await fuzz(handler, seed, `seed ${seed}`);
    });
  }
});

async function fuzz(handler: Handler, seed: number, repeat: string): Promise<void> {
  const valid = seeds(handler);
  expect(valid.length).toBeGreaterThan(0);
  const inputs = mutations(valid, seed);
  let current = connection();
  let answered = 0;
  let closed = 0;
  for (const frame of inputs) {
    const before = current.written();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finished = await Promise.race([
      serveFrame(current.conn, frame).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), PATIENCE_MS);
      }),
    ]);
    clearTimeout(timer);
    if (current.written() > before) answered++;
    if (!finished || current.conn.closed) {
      closed++;
      current.conn.close();
      current = connection();
    }
  }
  current.conn.close();
  expect(answered + closed).toBeGreaterThan(0);
  expect(cluster.serverErrors, repeat).toEqual([]);
}

/** RUNS_PER_HANDLER mutations of the valid frames (truncated, bytes flipped), the same for the same seed. */
function mutations(valid: Uint8Array[], seed: number): Uint8Array[] {
  return fc.sample(
    fc
      .record({
        index: fc.nat(valid.length - 1),
        cut: fc.double({ min: 0, max: 1, noNaN: true }),
        flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      })
      .map(({ index, cut, flips }) => {
        const frame = valid[index]!;
        const bytes = frame.slice(0, Math.max(1, Math.ceil(frame.length * (cut < 0.3 ? cut / 0.3 : 1))));
        for (const [at, value] of flips) bytes[at % bytes.length] = value;
        return bytes;
      }),
    { numRuns: RUNS_PER_HANDLER, seed },
  );
}
