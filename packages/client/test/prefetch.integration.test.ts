// records() with prefetch against the real broker: the offset contract, seeks, close and failures.
import diagnosticsChannel from 'node:diagnostics_channel';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiKey } from '@lk/api';
import { Builder } from '@lk/batch';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { BootstrapClient } from '../src/bootstrap-client.ts';
import type { RequestEndMessage, RequestStartMessage } from '../src/diagnostics.ts';
import { PartitionFetcher, type PartitionFetcherOptions } from '../src/partition-fetcher.ts';
import { PartitionProducer } from '../src/partition-producer.ts';
import { rejection, uniqueTopic } from './helpers.ts';

const kafka = inject('kafka');
const cluster = new BootstrapClient(kafka.bootstrap);
const utf8 = new TextEncoder();
const text = new TextDecoder();

const TOTAL = 2_000;
const PER_BATCH = 50;
// Small responses (a few batches each) make many fetches, so many prefetches.
const MAX_BYTES = 8 * 1024;

let topic: string;

/** Appends batches of PER_BATCH records valued `v<offset>`, from offset `first` up to `end`. */
async function produce(to: string, first: number, end: number): Promise<void> {
  const producer = new PartitionProducer({ bootstrap: kafka.bootstrap, topic: to, partition: 0, acks: 1 });
  for (let start = first; start < end; start += PER_BATCH) {
    const builder = new Builder();
    for (let i = start; i < start + PER_BATCH; i++) builder.add({ value: utf8.encode(`v${i}`) });
    await producer.produce(builder.build());
  }
  producer.close();
}

async function newTopic(prefix: string): Promise<string> {
  const name = uniqueTopic(prefix);
  await cluster.createTopic(name, { numPartitions: 1 });
  return name;
}

beforeAll(async () => {
  topic = await newTopic('prefetch');
  await produce(topic, 0, TOTAL);
});

function fetcher(options: Partial<PartitionFetcherOptions> = {}): PartitionFetcher {
  return new PartitionFetcher({
    bootstrap: kafka.bootstrap,
    topic,
    partition: 0,
    maxBytes: MAX_BYTES,
    maxWaitMs: 100,
    ...options,
  });
}

/** Reads every record from the fetcher's offset to the end, checking the offset contract at each step. */
async function readAll(f: PartitionFetcher, prefetch: boolean): Promise<bigint[]> {
  const offsets: bigint[] = [];
  for await (const { records, result, nextOffset } of f.records({ prefetch })) {
    // Not moved by the prefetch: still where this step's fetch started.
    expect(f.offset).toBe(result.offset);
    expect(nextOffset).toBe(records.at(-1)!.offset + 1n);
    offsets.push(...records.map((r) => r.offset));
    expect(records.map((r) => text.decode(r.value!))).toEqual(records.map((r) => `v${r.offset}`));
    if (nextOffset === BigInt(TOTAL)) break;
  }
  return offsets;
}

/** Resolves once the `count`-th Fetch request from now is being written. */
function fetchesWritten(count: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    const onStart = (message: unknown): void => {
      if ((message as RequestStartMessage).apiKey !== ApiKey.Fetch || ++seen < count) return;
      diagnosticsChannel.unsubscribe('lk:request:start', onStart);
      resolve();
    };
    diagnosticsChannel.subscribe('lk:request:start', onStart);
  });
}

const everyOffset = Array.from({ length: TOTAL }, (_, i) => BigInt(i));

describe('records() with prefetch', () => {
  it('yields every record once, in order, with and without prefetch', async () => {
    for (const prefetch of [true, false]) {
      const f = fetcher();
      expect(await readAll(f, prefetch)).toEqual(everyOffset);
      f.close();
    }
  });

  it('keeps one request in flight on the connection', async () => {
    const inFlight = new Map<number, number>();
    let most = 0;
    const onStart = (message: unknown): void => {
      const { connectionId } = message as RequestStartMessage;
      const count = (inFlight.get(connectionId) ?? 0) + 1;
      inFlight.set(connectionId, count);
      most = Math.max(most, count);
    };
    const onEnd = (message: unknown): void => {
      const { connectionId } = message as RequestEndMessage;
      inFlight.set(connectionId, inFlight.get(connectionId)! - 1);
    };
    diagnosticsChannel.subscribe('lk:request:start', onStart);
    diagnosticsChannel.subscribe('lk:request:end', onEnd);
    diagnosticsChannel.subscribe('lk:request:error', onEnd);
    try {
      const f = fetcher();
      await readAll(f, true);
      f.close();
    } finally {
      diagnosticsChannel.unsubscribe('lk:request:start', onStart);
      diagnosticsChannel.unsubscribe('lk:request:end', onEnd);
      diagnosticsChannel.unsubscribe('lk:request:error', onEnd);
    }
    expect(most).toBe(1);
  });

  // Decoding is synchronous: a request written only afterwards would leave the broker idle meanwhile.
  it('writes the prefetch before decoding, so it is on the wire when the records are yielded', async () => {
    let written = 0;
    const onStart = (message: unknown): void => {
      if ((message as RequestStartMessage).apiKey === ApiKey.Fetch) written++;
    };
    diagnosticsChannel.subscribe('lk:request:start', onStart);
    const writtenAtYield: number[] = [];
    try {
      const f = fetcher();
      for await (const { nextOffset } of f.records()) {
        writtenAtYield.push(written);
        if (nextOffset === BigInt(TOTAL)) break;
      }
      f.close();
    } finally {
      diagnosticsChannel.unsubscribe('lk:request:start', onStart);
    }
    // Step n was fetched by request n; request n + 1, its prefetch, was already written.
    expect(writtenAtYield.length).toBeGreaterThan(2);
    expect(writtenAtYield).toEqual(writtenAtYield.map((_, step) => step + 2));
  });

  it('continues from an offset set or sought in the loop body, dropping the prefetch', async () => {
    const f = fetcher();
    const starts: bigint[] = [];
    let step = 0;
    for await (const { records } of f.records()) {
      starts.push(records[0]!.offset);
      step++;
      if (step === 2) f.offset = 1_000n; // forward, past the prefetched position
      if (step === 3) f.offset = records[0]!.offset; // the same position: fetched again
      if (step === 4) await f.seekToOldest();
      if (step === 5) break;
    }
    expect(starts[2]).toBe(1_000n);
    expect(starts[3]).toBe(1_000n);
    expect(starts[4]).toBe(0n);
    f.close();
  });

  it('leaves the offset at the last records yielded on break; fetch() then reads from there', async () => {
    const f = fetcher();
    let last = -1n;
    for await (const { result } of f.records()) {
      last = result.offset;
      if (last > 500n) break;
    }
    expect(f.offset).toBe(last);
    const result = await f.fetch();
    expect(result.offset).toBe(last);
    expect(f.read(result).records[0]!.offset).toBe(last);
    f.close();
  });

  it('fails as closed after close() in the loop body, even with the prefetch answered', async () => {
    const f = fetcher();
    const loop = f.records();
    await loop.next();
    await sleep(200); // the prefetch has its answer by now
    f.close();
    const error = await rejection(loop.next());
    expect(error).toMatchObject({ code: 'LK_CLIENT_CLOSED' });
  });

  // At the end of the log the prefetch waits on the broker (maxWaitMs): it is in flight when it fails.
  it('reports a failed prefetch when the next records are asked for; the next loop skips nothing', async () => {
    const own = await newTopic('prefetch-fail');
    await produce(own, 0, PER_BATCH);
    const f = fetcher({ topic: own, maxWaitMs: 5_000 });
    const prefetchWritten = fetchesWritten(2);
    const loop = f.records();
    const first = await loop.next();
    expect(first.value!.nextOffset).toBe(BigInt(PER_BATCH));
    await prefetchWritten;
    f.client.connection!.close();
    const error = await rejection(loop.next());
    expect(error).toMatchObject({ code: 'LK_TRANSPORT_CLOSED' });
    // Asking for more moved the offset past the records yielded, as without prefetch.
    expect(f.offset).toBe(BigInt(PER_BATCH));
    await produce(own, PER_BATCH, 2 * PER_BATCH);
    const again = await f.records().next();
    expect(again.value!.records.map((r) => r.offset)).toEqual(everyOffset.slice(PER_BATCH, 2 * PER_BATCH));
    f.close();
  });

  describe('with reuseMemory', () => {
    // Responses larger than one socket read are received into the reused memory.
    const LARGE = 2_000;
    const LARGE_PER_BATCH = 20;
    let large: string;
    const largeValue = (offset: number) => `${offset}:`.padEnd(LARGE, 'x');

    beforeAll(async () => {
      large = await newTopic('prefetch-reuse');
      const producer = new PartitionProducer({
        bootstrap: kafka.bootstrap,
        topic: large,
        partition: 0,
        acks: 1,
      });
      for (let start = 0; start < 400; start += LARGE_PER_BATCH) {
        const builder = new Builder();
        for (let i = start; i < start + LARGE_PER_BATCH; i++)
          builder.add({ value: utf8.encode(largeValue(i)) });
        await producer.produce(builder.build());
      }
      producer.close();
    });

    it('yields every record intact, and empties the previous step once the next is asked for', async () => {
      const variants = [
        { reuseMemory: true, prefetch: true },
        { reuseMemory: true, prefetch: false },
        { reuseMemory: false, prefetch: true },
      ];
      for (const { reuseMemory, prefetch } of variants) {
        const f = fetcher({ topic: large, maxBytes: 200 * 1024 });
        const offsets: bigint[] = [];
        let previous: { value: Uint8Array; offset: bigint } | null = null;
        let steps = 0;
        for await (const { records, result, nextOffset } of f.records({ reuseMemory, prefetch })) {
          expect(result.records.length).toBeGreaterThan(64 * 1024);
          for (const r of records) expect(text.decode(r.value!)).toBe(largeValue(Number(r.offset)));
          if (previous !== null) {
            // Kept past its step: detached (empty) with reuseMemory, never another response's bytes.
            const kept = text.decode(previous.value);
            expect(kept).toBe(reuseMemory ? '' : largeValue(Number(previous.offset)));
          }
          previous = { value: records[0]!.value!, offset: records[0]!.offset };
          offsets.push(...records.map((r) => r.offset));
          steps++;
          if (nextOffset === 400n) break;
        }
        expect(steps).toBeGreaterThan(3);
        expect(offsets).toEqual(everyOffset.slice(0, 400));
        // Leaving the loop leaves the last step's records intact.
        expect(text.decode(previous!.value)).toBe(largeValue(Number(previous!.offset)));
        f.close();
      }
    });

    it('continues correctly after seeks in the loop body', async () => {
      const f = fetcher({ topic: large, maxBytes: 200 * 1024 });
      const starts: bigint[] = [];
      for await (const { records } of f.records({ reuseMemory: true })) {
        for (const r of records) expect(text.decode(r.value!)).toBe(largeValue(Number(r.offset)));
        starts.push(records[0]!.offset);
        if (starts.length === 2) f.offset = 300n;
        if (starts.length === 3) await f.seekToOldest();
        if (starts.length === 6) break;
      }
      expect(starts[2]).toBe(300n);
      expect(starts[3]).toBe(0n);
      f.close();
    });
  });

  it('throws the AbortError of a signal fired in the loop body', async () => {
    const controller = new AbortController();
    const f = fetcher({ offset: BigInt(TOTAL - PER_BATCH), maxWaitMs: 5_000 });
    const loop = f.records({ signal: controller.signal });
    await loop.next();
    controller.abort(new Error('stop'));
    const error = await rejection(loop.next());
    expect(error).toMatchObject({ code: 'LK_ABORTED' });
    expect(f.offset).toBe(BigInt(TOTAL));
    f.close();
  });
});
