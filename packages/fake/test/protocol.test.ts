// The fake against raw requests at every version it advertises: what a real broker answers.
import {
  type ApiDefinition,
  ApiKey,
  ApiVersions,
  apiByKey,
  CreatePartitions,
  CreateTopics,
  DeleteTopics,
  DescribeAcls,
  ElectLeaders,
  ErrorCode,
  encodeRequestFrame,
  Fetch,
  FindCoordinator,
  InitProducerId,
  ListOffsets,
  Metadata,
  OffsetForLeaderEpoch,
  Produce,
  readCorrelationId,
} from '@lk/api';
import { Batch, splitRecordSet } from '@lk/batch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handlerFor } from '../src/handlers/index.ts';
import { FakeCluster } from '../src/index.ts';
import { RawClient } from './helpers/raw-client.ts';
import { batchBytes, fetchRequest, listOffsetsRequest, produceRequest } from './helpers/requests.ts';

let cluster: FakeCluster;
let client: RawClient;

beforeEach(async () => {
  cluster = await FakeCluster.start({ brokers: 1, topics: { t: { partitions: 2 } } });
  client = await RawClient.open(cluster.bootstrap);
});
afterEach(async () => {
  client.close();
  expect(cluster.serverErrors).toEqual([]);
  await cluster.close();
});

function versions(api: { minVersion: number; maxVersion: number }): number[] {
  return Array.from({ length: api.maxVersion - api.minVersion + 1 }, (_, i) => api.minVersion + i);
}

async function advertised(): Promise<Map<number, { minVersion: number; maxVersion: number }>> {
  const response = await client.send(ApiVersions, 3, ApiVersions.newRequest());
  return new Map(response.apiKeys.map((k) => [k.apiKey, k]));
}

describe('ApiVersions', () => {
  it('advertises the versions the fake implements', async () => {
    const keys = await advertised();
    // As Kafka 4: 0-13 advertised (librdkafka derives its codec support from v2), 0-2 refused.
    expect(keys.get(ApiKey.Produce)).toMatchObject({ minVersion: 0, maxVersion: 13 });
    expect(keys.get(ApiKey.Fetch)).toMatchObject({ minVersion: 4, maxVersion: 18 });
    expect(keys.has(ApiKey.DescribeAcls)).toBe(false);
    for (const version of versions(keys.get(ApiKey.ApiVersions)!)) {
      const response = await client.send(ApiVersions, version, ApiVersions.newRequest());
      expect(response.errorCode).toBe(ErrorCode.NONE);
    }
  });

  it('answers a newer ApiVersions at v0 with UNSUPPORTED_VERSION and its own range (KIP-511)', async () => {
    const frame = encodeRequestFrame(ApiVersions, 4, 77, 'x', ApiVersions.newRequest());
    new DataView(frame.buffer, frame.byteOffset).setInt16(6, 9); // claim v9
    const answer = client.nextFrame();
    client.write(frame);
    const bytes = await answer;
    expect(readCorrelationId(bytes)).toBe(77);
    const { Reader } = await import('@lk/wire');
    const reader = new Reader(bytes, 4);
    const body = ApiVersions.decodeResponse(reader, 0);
    expect(body.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(body.apiKeys).toEqual([
      expect.objectContaining({ apiKey: ApiKey.ApiVersions, minVersion: 0, maxVersion: 4 }),
    ]);
  });

  it('answers an API it does not implement with UNSUPPORTED_VERSION, and closes on a version no Kafka knows', async () => {
    const response = await client.send(DescribeAcls, 3, DescribeAcls.newRequest());
    expect(response.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    const frame = encodeRequestFrame(Produce, 9, 1, 'x', Produce.newRequest());
    new DataView(frame.buffer, frame.byteOffset).setInt16(6, 99);
    client.write(frame);
    await client.whenClosed();
  });

  // A fuzz run once answered ElectLeaders v0 (no top-level error code in that version) with its
  // error code set, which does not encode: every version of every API must get an answer it carries.
  it('answers every version of every API it does not implement, with an error code where the version has one', async () => {
    let answered = 0;
    let withCode = 0;
    for (const [api, version] of everyApiVersion()) {
      const handler = handlerFor(api.apiKey);
      if (handler !== undefined && version >= handler.minVersion && version <= handler.maxVersion) continue;
      if (api === ApiVersions) continue; // answered at v0 (KIP-511), tested above
      const response = (await client.send(api, version, api.newRequest())) as { errorCode?: number };
      expect([ErrorCode.UNSUPPORTED_VERSION, undefined, 0]).toContain(response.errorCode);
      if (response.errorCode === ErrorCode.UNSUPPORTED_VERSION) withCode++;
      answered++;
    }
    expect(answered).toBeGreaterThan(100);
    expect(withCode).toBeGreaterThan(50);
    expect((await client.send(ElectLeaders, 0, ElectLeaders.newRequest())).errorCode).toBe(0);
    expect((await client.send(ElectLeaders, 1, ElectLeaders.newRequest())).errorCode).toBe(
      ErrorCode.UNSUPPORTED_VERSION,
    );
  });

  it('answers every version of every API with a fault error code where the version has one', async () => {
    cluster.onRequest(() => ({ errorCode: ErrorCode.POLICY_VIOLATION }));
    let answered = 0;
    for (const [api, version] of everyApiVersion()) {
      if (api === ApiVersions || api === Produce) continue; // KIP-511 above; Produce's default is acks=0
      await client.send(api, version, api.newRequest());
      answered++;
    }
    expect(answered).toBeGreaterThan(250);
    // FindCoordinator has a top-level error code up to v3, then one per key (none asked here).
    expect((await client.send(FindCoordinator, 3, FindCoordinator.newRequest())).errorCode).toBe(
      ErrorCode.POLICY_VIOLATION,
    );
  });
});

/** Every API of Kafka 4.3.1 at every version its spec knows whose default request encodes. */
function* everyApiVersion(): Generator<[ApiDefinition<unknown, unknown>, number]> {
  for (let key = 0; key < 1000; key++) {
    const api = apiByKey(key) as ApiDefinition<unknown, unknown> | undefined;
    if (api === undefined) continue;
    for (const version of versions(api)) {
      try {
        encodeRequestFrame(api, version, 0, null, api.newRequest());
      } catch {
        continue; // a default this version cannot carry (a client could not send it either)
      }
      yield [api, version];
    }
  }
}

describe('every advertised version', () => {
  it('Metadata, Produce, Fetch, ListOffsets, OffsetForLeaderEpoch', async () => {
    const topic = cluster.topic('t');
    let next = 0n;
    for (const v of versions(Produce)) {
      const response = await client.send(Produce, v, produceRequest(topic, 0, batchBytes(3)));
      expect(response.responses[0]!.partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: next });
      next += 3n;
    }
    for (const v of versions(Fetch)) {
      const response = await client.send(Fetch, v, fetchRequest(topic, [{ partition: 0, fetchOffset: 3n }]));
      const data = response.responses[0]!.partitions[0]!;
      expect(data).toMatchObject({ errorCode: 0, highWatermark: next });
      expect(splitRecordSet(data.records!).map((b) => Batch.unmarshal(b).baseOffset)[0]).toBe(3n);
    }
    for (const v of versions(Metadata)) {
      const response = await client.send(Metadata, v, {
        ...Metadata.newRequest(),
        topics: [{ name: 't', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }],
      });
      expect(response.topics[0]).toMatchObject({ errorCode: 0, name: 't' });
      expect(response.topics[0]!.partitions).toHaveLength(2);
    }
    for (const v of versions(ListOffsets)) {
      const response = await client.send(ListOffsets, v, listOffsetsRequest('t', 0, -1n));
      expect(response.topics[0]!.partitions[0]).toMatchObject({ errorCode: 0, offset: next });
    }
    for (const v of versions(OffsetForLeaderEpoch)) {
      const response = await client.send(OffsetForLeaderEpoch, v, {
        ...OffsetForLeaderEpoch.newRequest(),
        topics: [{ topic: 't', partitions: [{ partition: 0, currentLeaderEpoch: -1, leaderEpoch: 0 }] }],
      });
      expect(response.topics[0]!.partitions[0]).toMatchObject({
        errorCode: 0,
        leaderEpoch: 0,
        endOffset: next,
      });
    }
  });

  it('CreateTopics, CreatePartitions, DeleteTopics, InitProducerId', async () => {
    for (const v of versions(CreateTopics)) {
      const name = `c${v}`;
      const response = await client.send(CreateTopics, v, {
        ...CreateTopics.newRequest(),
        topics: [{ name, numPartitions: 2, replicationFactor: -1, assignments: [], configs: [] }],
      });
      expect(response.topics[0]).toMatchObject({ name, errorCode: 0 });
      const again = await client.send(CreateTopics, v, {
        ...CreateTopics.newRequest(),
        topics: [{ name, numPartitions: 2, replicationFactor: -1, assignments: [], configs: [] }],
      });
      expect(again.topics[0]!.errorCode).toBe(ErrorCode.TOPIC_ALREADY_EXISTS);
    }
    for (const v of versions(CreatePartitions)) {
      const response = await client.send(CreatePartitions, v, {
        ...CreatePartitions.newRequest(),
        topics: [{ name: `c${2 + (v % 6)}`, count: 3 + v, assignments: null }],
      });
      expect(response.results[0]!.errorCode).toBe(0);
    }
    for (const v of versions(DeleteTopics)) {
      const name = `c${Math.min(v + 1, 7)}`;
      const request =
        v >= 6
          ? { ...DeleteTopics.newRequest(), topics: [{ name, topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }] }
          : { ...DeleteTopics.newRequest(), topicNames: [name] };
      const response = await client.send(DeleteTopics, v, request);
      expect(response.responses[0]).toMatchObject({ name, errorCode: 0 });
    }
    const ids = new Set<bigint>();
    for (const v of [0, 1, 2, 3, 4, 5]) {
      const response = await client.send(InitProducerId, v, {
        ...InitProducerId.newRequest(),
        transactionalId: null,
      });
      expect(response.errorCode).toBe(0);
      ids.add(response.producerId);
    }
    expect(ids.size).toBe(6);
  });
});

describe('Produce', () => {
  it('refuses a corrupt CRC, two batches, no batch and a bad acks', async () => {
    const topic = cluster.topic('t');
    const bad = batchBytes(2).slice();
    bad[bad.length - 1]! ^= 1;
    const codeOf = async (records: Uint8Array | null, acks = -1) =>
      (await client.send(Produce, 9, produceRequest(topic, 0, records, acks))).responses[0]!
        .partitionResponses[0]!.errorCode;
    expect(await codeOf(bad)).toBe(ErrorCode.CORRUPT_MESSAGE);
    const two = new Uint8Array([...batchBytes(1), ...batchBytes(1)]);
    expect(await codeOf(two)).toBe(ErrorCode.INVALID_RECORD);
    expect(await codeOf(null)).toBe(ErrorCode.INVALID_RECORD);
    expect(await codeOf(batchBytes(1), 2)).toBe(ErrorCode.INVALID_REQUIRED_ACKS);
    expect(cluster.offsets('t', 0).highWatermark).toBe(0n);
  });

  it('stores compressed batches as sent and answers acks=0 with nothing', async () => {
    const topic = cluster.topic('t');
    client.sendOnly(Produce, 9, produceRequest(topic, 1, batchBytes(4), 0));
    const response = await client.send(ListOffsets, 7, listOffsetsRequest('t', 1, -1n));
    expect(response.topics[0]!.partitions[0]!.offset).toBe(4n);
    expect(cluster.batches('t', 1)[0]!.recordsCount).toBe(4);
  });

  it('sends NOT_LEADER_OR_FOLLOWER with the leader and its endpoint (KIP-951)', async () => {
    await cluster.close();
    cluster = await FakeCluster.start({ brokers: 2, topics: { t: { partitions: 2 } } });
    const topic = cluster.topic('t');
    const leader = topic.partitions[0]!.leader;
    const other = cluster.broker(1 - leader);
    client.close();
    client = await RawClient.open(other.address());
    const response = await client.send(Produce, 11, produceRequest(topic, 0, batchBytes(1)));
    expect(response.responses[0]!.partitionResponses[0]).toMatchObject({
      errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
      currentLeader: { leaderId: leader, leaderEpoch: 0 },
    });
    expect(response.nodeEndpoints).toEqual([
      expect.objectContaining({ nodeId: leader, port: cluster.broker(leader).port() }),
    ]);
  });
});

describe('idempotent producers', () => {
  it('checks epochs and sequences with the broker error codes, and answers duplicates with the first offset', async () => {
    const topic = cluster.topic('t');
    const { producerId, producerEpoch } = await client.send(InitProducerId, 4, {
      ...InitProducerId.newRequest(),
      transactionalId: null,
    });
    const send = async (baseSequence: number, count: number, epoch = producerEpoch) =>
      (
        await client.send(
          Produce,
          9,
          produceRequest(topic, 0, batchBytes(count, { producerId, producerEpoch: epoch, baseSequence })),
        )
      ).responses[0]!.partitionResponses[0]!;
    expect(await send(0, 5)).toMatchObject({ errorCode: 0, baseOffset: 0n });
    expect(await send(5, 5)).toMatchObject({ errorCode: 0, baseOffset: 5n });
    expect(await send(0, 5)).toMatchObject({ errorCode: 0, baseOffset: 0n }); // a retry of the first batch
    expect(await send(12, 1)).toMatchObject({ errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER });
    expect(await send(10, 1, producerEpoch + 1)).toMatchObject({
      errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
    });
    expect(await send(0, 1, producerEpoch + 1)).toMatchObject({ errorCode: 0, baseOffset: 10n });
    expect(await send(10, 1, producerEpoch)).toMatchObject({ errorCode: ErrorCode.INVALID_PRODUCER_EPOCH });
    expect(cluster.offsets('t', 0).highWatermark).toBe(11n);
    expect(cluster.producerIds().get(producerId)).toBe(0);
  });
});

describe('Fetch', () => {
  it('long-polls until data arrives, and returns empty when maxWaitMs passes', async () => {
    const topic = cluster.topic('t');
    const started = Date.now();
    const empty = await client.send(
      Fetch,
      12,
      fetchRequest(topic, [{ partition: 0, fetchOffset: 0n }], { maxWaitMs: 200, minBytes: 1 }),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(empty.responses[0]!.partitions[0]!.records!.length).toBe(0);
    const producer = await RawClient.open(cluster.bootstrap);
    const waiting = client.send(
      Fetch,
      12,
      fetchRequest(topic, [{ partition: 0, fetchOffset: 0n }], { maxWaitMs: 10_000, minBytes: 1 }),
    );
    const t0 = Date.now();
    setTimeout(() => void producer.send(Produce, 9, produceRequest(topic, 0, batchBytes(2))), 50);
    const answer = await waiting;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(answer.responses[0]!.partitions[0]!.records!.length).toBeGreaterThan(0);
    producer.close();
  });

  it('answers with the stored bytes in pieces: batches kept where they arrived and ones copied to segments', async () => {
    const topic = cluster.topic('t');
    // Large batches stay in their request frames, small ones are copied end to end into segments:
    // one answer then joins views of several buffers, sent one after another without a copy.
    const sizes = [12_000, 3, 5, 8_000, 7, 10_000];
    for (const [i, count] of sizes.entries()) {
      await client.send(Produce, 9, produceRequest(topic, i % 2, batchBytes(count)));
    }
    const stored = [0, 1].map((p) => cluster.partition('t', p).log.live.map((b) => b.bytes));
    const buffers = new Set(stored.flat().map((bytes) => bytes.buffer));
    expect(buffers.size).toBeGreaterThanOrEqual(4);
    for (const version of [4, 12, 17]) {
      const answer = await client.send(
        Fetch,
        version,
        fetchRequest(
          topic,
          [0, 1].map((partition) => ({ partition, fetchOffset: 0n })),
        ),
      );
      for (const p of [0, 1]) {
        const data = answer.responses[0]!.partitions.find((x) => x.partitionIndex === p)!;
        expect(data.errorCode).toBe(ErrorCode.NONE);
        const entries = splitRecordSet(data.records!);
        expect(entries.map((e) => Array.from(e))).toEqual(stored[p]!.map((b) => Array.from(b)));
        const counts = entries.map((e) => Batch.unmarshal(e).recordsCount);
        expect(counts).toEqual(sizes.filter((_, i) => i % 2 === p));
      }
    }
  });

  it('keeps a fetch session: incremental answers carry only partitions with news (KIP-227)', async () => {
    const topic = cluster.topic('t');
    await client.send(Produce, 9, produceRequest(topic, 0, batchBytes(2)));
    const both = [
      { partition: 0, fetchOffset: 0n },
      { partition: 1, fetchOffset: 0n },
    ];
    const first = await client.send(Fetch, 13, fetchRequest(topic, both, { sessionId: 0, sessionEpoch: 0 }));
    expect(first.sessionId).toBeGreaterThan(0);
    expect(first.responses[0]!.partitions).toHaveLength(2);
    const next = await client.send(Fetch, 13, {
      ...fetchRequest(topic, [], { sessionId: first.sessionId, sessionEpoch: 1 }),
      topics: [],
    });
    expect(next.errorCode).toBe(0);
    // Partition 0 has records at offset 0 (the session's offset did not move), partition 1 has no news.
    expect(next.responses.flatMap((t) => t.partitions.map((p) => p.partitionIndex))).toEqual([0]);
    const moved = await client.send(
      Fetch,
      13,
      fetchRequest(topic, [{ partition: 0, fetchOffset: 2n }], {
        sessionId: first.sessionId,
        sessionEpoch: 2,
      }),
    );
    expect(moved.responses).toEqual([]);
    const stale = await client.send(
      Fetch,
      13,
      fetchRequest(topic, [], { sessionId: first.sessionId, sessionEpoch: 2 }),
    );
    expect(stale.errorCode).toBe(ErrorCode.INVALID_FETCH_SESSION_EPOCH);
    const unknown = await client.send(
      Fetch,
      13,
      fetchRequest(topic, [], { sessionId: 9999, sessionEpoch: 1 }),
    );
    expect(unknown.errorCode).toBe(ErrorCode.FETCH_SESSION_ID_NOT_FOUND);
  });

  it('refuses offsets out of range, unknown topic ids and stale leader epochs', async () => {
    const topic = cluster.topic('t');
    const code = async (v: number, request: ReturnType<typeof fetchRequest>) =>
      (await client.send(Fetch, v, request)).responses[0]!.partitions[0]!.errorCode;
    expect(await code(12, fetchRequest(topic, [{ partition: 0, fetchOffset: 5n }]))).toBe(
      ErrorCode.OFFSET_OUT_OF_RANGE,
    );
    expect(
      await code(
        13,
        fetchRequest({ name: 't', id: 'AAAAAAAAAAAAAAAAAAAAAQ' }, [{ partition: 0, fetchOffset: 0n }]),
      ),
    ).toBe(ErrorCode.UNKNOWN_TOPIC_ID);
    cluster.moveLeader('t', 0, 0);
    const fenced = fetchRequest(topic, [{ partition: 0, fetchOffset: 0n }]);
    fenced.topics[0]!.partitions[0]!.currentLeaderEpoch = 0;
    expect(await code(12, fenced)).toBe(ErrorCode.FENCED_LEADER_EPOCH);
    fenced.topics[0]!.partitions[0]!.currentLeaderEpoch = 5;
    expect(await code(12, fenced)).toBe(ErrorCode.UNKNOWN_LEADER_EPOCH);
  });
});

describe('ListOffsets and retention', () => {
  it('finds earliest, latest and by timestamp; retention drops the oldest batches and moves the log start', async () => {
    await cluster.close();
    cluster = await FakeCluster.start({
      topics: { t: { partitions: 1, configs: { 'retention.bytes': '300' } } },
    });
    client.close();
    client = await RawClient.open(cluster.bootstrap);
    const topic = cluster.topic('t');
    for (let i = 0; i < 10; i++) {
      await client.send(Produce, 9, produceRequest(topic, 0, batchBytes(2, undefined, 1000 * i)));
    }
    const { logStartOffset, highWatermark } = cluster.offsets('t', 0);
    expect(highWatermark).toBe(20n);
    expect(logStartOffset).toBeGreaterThan(0n);
    const offset = async (ts: bigint) =>
      (await client.send(ListOffsets, 8, listOffsetsRequest('t', 0, ts))).topics[0]!.partitions[0]!;
    expect((await offset(-2n)).offset).toBe(logStartOffset);
    expect((await offset(-1n)).offset).toBe(20n);
    expect(await offset(9001n)).toMatchObject({ offset: 19n, timestamp: 9001n });
    expect((await offset(-3n)).offset).toBe(19n);
    expect(await offset(100_000n)).toMatchObject({ offset: -1n });
    const old = await client.send(Fetch, 12, fetchRequest(topic, [{ partition: 0, fetchOffset: 0n }]));
    expect(old.responses[0]!.partitions[0]!.errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
  });
});

describe('close', () => {
  it('leaves no server or socket behind', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;
    const other = await FakeCluster.start({ brokers: 3 });
    const c = await RawClient.open(other.bootstrap.split(',')[1]!);
    await c.send(ApiVersions, 3, ApiVersions.newRequest());
    await other.close();
    await c.whenClosed();
    await new Promise((r) => setTimeout(r, 20));
    expect(process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length).toBe(before);
  });
});
