// Node 20 smoke test of the built package (dist): plain JS, imported by name. Run after `pnpm run build`:
//   node packages/api/test/node20-smoke.mjs
import assert from 'node:assert/strict';
import { ApiKey, ApiVersions, apis, decodeResponseFrame, encodeRequestFrame, Produce } from '@lk/api';
// The broker's side (request decoders, response encoders) is its own entry point.
import * as broker from '@lk/api/broker';
import { Reader, Writer } from '@lk/wire';

assert.equal(apis.length, 93);
assert.equal(ApiKey.Produce, 0);

const request = {
  transactionalId: null,
  acks: -1,
  timeoutMs: 1000,
  topicData: [
    {
      name: 't',
      topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
      partitionData: [{ index: 0, records: Uint8Array.of(1, 2, 3) }],
    },
  ],
};
const frame = encodeRequestFrame(Produce, 9, 7, 'smoke', request);
assert.equal(new Reader(frame).int32(), frame.length - 4);
assert.equal(Produce.decodeRequest, undefined);
const decoded = broker.Produce.decodeRequest(new Reader(frame, 4 + 2 + 2 + 4 + 2 + 5 + 1), 9);
assert.deepEqual(decoded.topicData[0].partitionData[0].records, Uint8Array.of(1, 2, 3));

const response = { ...ApiVersions.newResponse(), apiKeys: [{ apiKey: 0, minVersion: 3, maxVersion: 13 }] };
const answer = broker.encodeResponseFrame(broker.ApiVersions, 3, 7, response, new Writer());
const { correlationId, body } = decodeResponseFrame(ApiVersions, 3, answer.subarray(4));
assert.equal(correlationId, 7);
assert.deepEqual(body.apiKeys, response.apiKeys);
console.log(`@lk/api smoke test passed on Node ${process.version}`);
