/// <reference types="node" />
// Produce and Fetch with @lk/api over a fresh connection each: enough for interop tests and fixture
// capture, deliberately without @lk/client (which is what these tests must not depend on).
import net from 'node:net';
import {
  decodeResponseFrame,
  encodeRequestFrame,
  Fetch,
  kafkaErrorFor,
  newFetchRequest,
  newFetchRequestFetchPartition,
  newFetchRequestFetchTopic,
  newProduceRequest,
  newProduceRequestPartitionProduceData,
  newProduceRequestTopicProduceData,
  Produce,
} from '@lk/api';
import { LkError } from '@lk/batch';

const PRODUCE_VERSION = 9; // topic names (v13 switches to topic ids)
const FETCH_VERSION = 12;
const CLIENT_ID = 'lk-codec-testkit';
const TIMEOUT_MS = 15_000;
const MAX_BYTES = 16 * 1024 * 1024;

/** Sends one request frame on a fresh connection; resolves with the response frame minus its size. */
function roundTrip(bootstrap: string, frame: Uint8Array): Promise<Uint8Array> {
  const [host, port] = bootstrap.split(',')[0]!.split(':') as [string, string];
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port: Number(port) }, () => socket.write(frame));
    let buffer = Buffer.alloc(0);
    socket.setTimeout(TIMEOUT_MS, () =>
      socket.destroy(new LkError('LK_TESTKIT_TIMEOUT', `no response from ${bootstrap} in ${TIMEOUT_MS} ms`)),
    );
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

/** Throws the broker's error, if any, as lk's typed `KafkaError`. */
function check(errorCode: number, message: string | null = null): void {
  const error = kafkaErrorFor(errorCode, message);
  if (error) throw error;
}

/**
 * Produces a record set (one or more marshaled batches) to partition 0 of `topic` with acks=all.
 * @example `await produceRecordSet(info.bootstrap, topic, new Builder().add({ value }).build().marshal())`
 * @throws {KafkaError} when the broker refuses the batch.
 */
export async function produceRecordSet(bootstrap: string, topic: string, records: Uint8Array): Promise<void> {
  const request = newProduceRequest();
  request.acks = -1;
  request.timeoutMs = 10_000;
  const topicData = newProduceRequestTopicProduceData();
  topicData.name = topic;
  const partition = newProduceRequestPartitionProduceData();
  partition.records = records;
  topicData.partitionData = [partition];
  request.topicData = [topicData];
  const frame = encodeRequestFrame(Produce, PRODUCE_VERSION, 1, CLIENT_ID, request);
  const { body } = decodeResponseFrame(Produce, PRODUCE_VERSION, await roundTrip(bootstrap, frame));
  const response = body.responses[0]!.partitionResponses[0]!;
  check(response.errorCode, response.errorMessage);
}

/**
 * Partition 0's raw `records` bytes from offset 0, exactly as the broker stores and serves them.
 * @throws {KafkaError} when the broker answers with a partition error.
 */
export async function fetchRecordSet(bootstrap: string, topic: string): Promise<Uint8Array> {
  const request = newFetchRequest();
  request.maxWaitMs = 500;
  request.minBytes = 1;
  request.maxBytes = MAX_BYTES;
  const fetchTopic = newFetchRequestFetchTopic();
  fetchTopic.topic = topic;
  const partition = newFetchRequestFetchPartition();
  partition.partitionMaxBytes = MAX_BYTES;
  fetchTopic.partitions = [partition];
  request.topics = [fetchTopic];
  const frame = encodeRequestFrame(Fetch, FETCH_VERSION, 2, CLIENT_ID, request);
  const { body } = decodeResponseFrame(Fetch, FETCH_VERSION, await roundTrip(bootstrap, frame));
  check(body.errorCode);
  const data = body.responses[0]!.partitions[0]!;
  check(data.errorCode);
  // A copy: the records are a view into the response frame.
  return Uint8Array.from(data.records ?? new Uint8Array(0));
}

/** The compression type in the attributes of a record set's first batch (its bytes 21-22). */
export function firstBatchCompression(records: Uint8Array): number {
  return new DataView(records.buffer, records.byteOffset, records.byteLength).getInt16(21) & 0x07;
}
