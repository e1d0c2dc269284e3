/// <reference path="../../../../tools/kafka/src/vitest-provide.d.ts" />
// Broker interop for every @lk/compress-* codec, run by each package's *.integration.test.ts:
// batches compressed by librdkafka (kcat) and by the Java producer are fetched and decoded by lk;
// batches lk compresses and produces are consumed by kcat and by the Java consumer.
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import {
  decodeResponseFrame,
  encodeRequestFrame,
  Fetch,
  newFetchRequest,
  newFetchRequestFetchPartition,
  newFetchRequestFetchTopic,
  newProduceRequest,
  newProduceRequestPartitionProduceData,
  newProduceRequestTopicProduceData,
  Produce,
} from '@lk/api';
import { Builder, type Codec, readRecordSet } from '@lk/batch';
import { createTopic, javaTool, kcat } from '@lk/kafka-harness';
import { describe, expect, inject, it } from 'vitest';

const PRODUCE_VERSION = 9; // topic names (v13 switches to topic ids)
const FETCH_VERSION = 12;

/** Sends one request frame on a fresh connection; resolves with the response frame minus its size. */
function roundTrip(bootstrap: string, frame: Uint8Array): Promise<Uint8Array> {
  const [host, port] = bootstrap.split(',')[0]!.split(':') as [string, string];
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port: Number(port) }, () => socket.write(frame));
    let buffer = Buffer.alloc(0);
    socket.setTimeout(15_000, () => socket.destroy(new Error('broker timeout')));
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length >= 4 && buffer.length >= 4 + buffer.readInt32BE(0)) {
        socket.end();
        resolve(buffer.subarray(4, 4 + buffer.readInt32BE(0)));
      }
    });
  });
}

async function produce(bootstrap: string, topic: string, records: Uint8Array): Promise<void> {
  const request = newProduceRequest();
  request.acks = -1;
  request.timeoutMs = 10_000;
  const topicData = newProduceRequestTopicProduceData();
  topicData.name = topic;
  const partition = newProduceRequestPartitionProduceData();
  partition.records = records;
  topicData.partitionData = [partition];
  request.topicData = [topicData];
  const response = await roundTrip(
    bootstrap,
    encodeRequestFrame(Produce, PRODUCE_VERSION, 1, 'lk-codec-test', request),
  );
  const { body } = decodeResponseFrame(Produce, PRODUCE_VERSION, response);
  expect(body.responses[0]!.partitionResponses[0]!.errorCode).toBe(0);
}

/** The partition's raw `records` bytes from offset 0, as the broker stores them. */
async function fetchRaw(bootstrap: string, topic: string): Promise<Uint8Array> {
  const request = newFetchRequest();
  request.maxWaitMs = 500;
  request.minBytes = 1;
  request.maxBytes = 16 * 1024 * 1024;
  const fetchTopic = newFetchRequestFetchTopic();
  fetchTopic.topic = topic;
  const partition = newFetchRequestFetchPartition();
  partition.partitionMaxBytes = 16 * 1024 * 1024;
  fetchTopic.partitions = [partition];
  request.topics = [fetchTopic];
  const response = await roundTrip(
    bootstrap,
    encodeRequestFrame(Fetch, FETCH_VERSION, 2, 'lk-codec-test', request),
  );
  const { body } = decodeResponseFrame(Fetch, FETCH_VERSION, response);
  const data = body.responses[0]!.partitions[0]!;
  expect(data.errorCode).toBe(0);
  return data.records ?? new Uint8Array(0);
}

/** The compression type in the attributes of the first batch of a record set (bytes 21-22). */
function firstBatchCompression(records: Uint8Array): number {
  return new DataView(records.buffer, records.byteOffset).getInt16(21) & 0x07;
}

const lines = (who: string) =>
  Array.from({ length: 200 }, (_, i) => `${who}-${i}-${'{"k":"v","n":12345}'.repeat(5)}`);
const text = (bytes: Uint8Array | null) => new TextDecoder().decode(bytes ?? new Uint8Array(0));

/** `kafkaName`: the codec's name for kcat's `-z` and Java's `compression.type`. */
export function describeBrokerInterop(codec: Codec, kafkaName: string): void {
  describe(`${kafkaName} against a real broker`, () => {
    const info = inject('kafka');
    const newTopic = async () => {
      const topic = `lk-${kafkaName}-${randomUUID().slice(0, 8)}`;
      await createTopic(info, topic, { partitions: 1, replicationFactor: 1 });
      return topic;
    };
    const decoded = async (topic: string) => {
      const raw = await fetchRaw(info.bootstrap, topic);
      expect(firstBatchCompression(raw)).toBe(codec.type);
      return readRecordSet(raw, { decompressors: [codec] }).records.map((r) => text(r.value));
    };

    it('decodes batches kcat (librdkafka) compressed', async () => {
      const topic = await newTopic();
      const sent = lines('kcat');
      const result = await kcat(['-b', info.bootstrap, '-P', '-t', topic, '-z', kafkaName], {
        input: `${sent.join('\n')}\n`,
      });
      expect(result.code).toBe(0);
      expect(await decoded(topic)).toEqual(sent);
    });

    it('decodes batches the Java producer compressed', async () => {
      const topic = await newTopic();
      const sent = lines('java');
      const result = await javaTool(
        'org.apache.kafka.tools.ConsoleProducer',
        [
          '--bootstrap-server',
          info.bootstrap,
          '--topic',
          topic,
          // ConsoleProducer sets compression.type from this flag (default none), over --producer-property.
          '--compression-codec',
          kafkaName,
        ],
        { input: `${sent.join('\n')}\n` },
      );
      expect(result.code, result.stderr).toBe(0);
      expect(await decoded(topic)).toEqual(sent);
    });

    const produceWithLk = async () => {
      const topic = await newTopic();
      const sent = lines('lk');
      const builder = new Builder();
      for (const line of sent) builder.add({ value: new TextEncoder().encode(line) });
      await produce(info.bootstrap, topic, builder.build().compress(codec).marshal());
      return { topic, sent };
    };

    it('produces batches kcat consumes', async () => {
      const { topic, sent } = await produceWithLk();
      const result = await kcat([
        '-b',
        info.bootstrap,
        '-C',
        '-t',
        topic,
        '-o',
        'beginning',
        '-c',
        String(sent.length),
        '-e',
        '-f',
        '%s\n',
      ]);
      expect(result.code).toBe(0);
      expect(result.stdout.trimEnd().split('\n')).toEqual(sent);
    });

    it('produces batches the Java consumer consumes', async () => {
      const { topic, sent } = await produceWithLk();
      const result = await javaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
        '--bootstrap-server',
        info.bootstrap,
        '--topic',
        topic,
        '--from-beginning',
        '--max-messages',
        String(sent.length),
        '--timeout-ms',
        '20000',
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trimEnd().split('\n')).toEqual(sent);
    });
  });
}
