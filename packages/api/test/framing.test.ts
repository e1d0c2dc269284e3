import { concatBytes, DecodeError, FrameDecoder, Reader, Writer } from '@lk/wire';
import { describe, expect, it } from 'vitest';
// The broker's definitions (both directions) serve both sides here; they extend the client's.
import {
  ApiVersions,
  brokerApis,
  decodeRequestFrame,
  encodeResponseFrame,
  Fetch,
  Metadata,
  Produce,
  writeResponseFrame,
} from '../src/broker.ts';
import * as client from '../src/index.ts';
import {
  ApiKey,
  apis,
  decodeResponseFrame,
  encodeRequestFrame,
  newFetchResponsePartitionData,
  readCorrelationId,
  UnsupportedVersionError,
} from '../src/index.ts';

describe('framing', () => {
  it('request frames carry size, header and body, and decode back on the broker side', () => {
    const request = {
      ...Metadata.newRequest(),
      topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'orders' }],
    };
    for (const version of [1, 9, 13]) {
      const frame = encodeRequestFrame(Metadata, version, 42, 'app', request);
      const size = new Reader(frame).int32();
      expect(size).toBe(frame.length - 4);
      const decoded = decodeRequestFrame(Metadata, frame.subarray(4));
      expect(decoded).toMatchObject({
        apiKey: ApiKey.Metadata,
        apiVersion: version,
        correlationId: 42,
        clientId: 'app',
      });
      expect(decoded.body.topics?.[0]?.name).toBe('orders');
    }
  });

  it('uses response header v1 in flexible versions, v0 before, and v0 for ApiVersions always', () => {
    expect([Metadata.responseHeaderVersion(8), Metadata.responseHeaderVersion(9)]).toEqual([0, 1]);
    expect([Metadata.requestHeaderVersion(8), Metadata.requestHeaderVersion(9)]).toEqual([1, 2]);
    expect(ApiVersions.responseHeaderVersion(4)).toBe(0);
    expect(ApiVersions.requestHeaderVersion(3)).toBe(2);
    const response = {
      ...ApiVersions.newResponse(),
      apiKeys: [{ apiKey: ApiKey.Produce, minVersion: 3, maxVersion: 13 }],
    };
    const frame = encodeResponseFrame(ApiVersions, 3, 9, response);
    // size, correlation id, then the body straight away: no header tagged-field byte.
    expect(frame.subarray(4, 10)).toEqual(Uint8Array.of(0, 0, 0, 9, 0, 0));
    expect(decodeResponseFrame(ApiVersions, 3, frame.subarray(4)).body.apiKeys).toEqual(response.apiKeys);
  });

  it('decodes a response frame split at every offset by the FrameDecoder', () => {
    const response = Fetch.newResponse();
    response.responses = [{ topic: 't', topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [] }];
    const frame = encodeResponseFrame(Fetch, 12, 5, response).slice();
    for (let split = 0; split <= frame.length; split++) {
      const decoder = new FrameDecoder();
      const frames = [...decoder.push(frame.subarray(0, split)), ...decoder.push(frame.subarray(split))];
      expect(frames).toHaveLength(1);
      expect(readCorrelationId(frames[0]!)).toBe(5);
      expect(decodeResponseFrame(Fetch, 12, frames[0]!).body.responses[0]?.topic).toBe('t');
    }
  });

  it('writes a response for chunks(): record sets shared and continued, the same bytes as a whole frame', () => {
    const records = [new Uint8Array(5000).fill(1), new Uint8Array(300).fill(2), new Uint8Array(7000).fill(3)];
    const response = Fetch.newResponse();
    response.responses = [
      {
        topic: 't',
        topicId: 'AAAAAAAAAAAAAAAAAAAAAA',
        partitions: [
          { ...newFetchResponsePartitionData(), partitionIndex: 0, records: records[0]! },
          { ...newFetchResponsePartitionData(), partitionIndex: 1, records: records[1]! },
        ],
      },
    ];
    for (const version of [4, 12, 17]) {
      const whole = encodeResponseFrame(Fetch, version, 5, response).slice();
      // The first partition's record set continued by a third view: one record set of two pieces.
      const writer = new Writer(64, 1000, new Map([[records[0]!, [records[2]!]]]));
      writeResponseFrame(Fetch, version, 5, response, writer);
      const pieces = writer.chunks();
      expect(pieces.filter((p) => p === records[0] || p === records[2])).toHaveLength(2);
      const frame = concatBytes(pieces);
      expect(new DataView(frame.buffer, frame.byteOffset).getInt32(0)).toBe(frame.length - 4);
      expect(frame.length).toBe(whole.length + records[2]!.length);
      const decoded = decodeResponseFrame(Fetch, version, frame.subarray(4)).body;
      const [p0, p1] = decoded.responses[0]!.partitions;
      expect(Array.from(p0!.records!)).toEqual(Array.from(concatBytes([records[0]!, records[2]!])));
      expect(Array.from(p1!.records!)).toEqual(Array.from(records[1]!));
      // Without continuations, the chunks join into exactly the whole frame.
      const plain = new Writer(64, 1000);
      writeResponseFrame(Fetch, version, 5, response, plain);
      expect(Array.from(concatBytes(plain.chunks()))).toEqual(Array.from(whole));
    }
  });

  it('refuses trailing bytes after the body', () => {
    const frame = encodeResponseFrame(Produce, 9, 1, Produce.newResponse());
    const padded = Uint8Array.of(...frame.subarray(4), 0);
    expect(() => decodeResponseFrame(Produce, 9, padded)).toThrow(DecodeError);
  });

  it('refuses versions outside the spec range with UnsupportedVersionError', () => {
    expect(() => encodeRequestFrame(Produce, 2, 1, null, Produce.newRequest())).toThrow(
      UnsupportedVersionError,
    );
    expect(() => Produce.encodeRequest(new Writer(), Produce.newRequest(), 14)).toThrow(
      UnsupportedVersionError,
    );
    expect(() => Produce.decodeResponse(new Reader(new Uint8Array(8)), 1.5)).toThrow(UnsupportedVersionError);
    expect(() => encodeRequestFrame(Produce, 2, 1, null, Produce.newRequest())).toThrow(/Produce request v2/);
  });

  it('reuses a caller-supplied writer', () => {
    const writer = new Writer();
    const first = encodeRequestFrame(ApiVersions, 0, 1, 'a', ApiVersions.newRequest(), writer).slice();
    const second = encodeRequestFrame(ApiVersions, 0, 1, 'a', ApiVersions.newRequest(), writer);
    expect(second).toEqual(first);
  });

  it('keeps the broker direction out of the client definitions, and adds it on top of them in @lk/api/broker', () => {
    expect(brokerApis).toHaveLength(apis.length);
    for (const [index, api] of apis.entries()) {
      const broker = brokerApis[index]!;
      expect(api).not.toHaveProperty('decodeRequest');
      expect(api).not.toHaveProperty('encodeResponse');
      expect(broker.encodeRequest).toBe(api.encodeRequest);
      expect(broker.decodeResponse).toBe(api.decodeResponse);
      expect({ ...broker, decodeRequest: undefined, encodeResponse: undefined }).toEqual({
        ...api,
        decodeRequest: undefined,
        encodeResponse: undefined,
      });
    }
    // A request the client encodes, the broker side decodes; and the other way for responses.
    const frame = encodeRequestFrame(client.Produce, 9, 7, 'c', client.Produce.newRequest());
    expect(decodeRequestFrame(Produce, frame.subarray(4)).correlationId).toBe(7);
    expect(() => Produce.decodeRequest(new Reader(new Uint8Array(8)), 2)).toThrow(/Produce request v2/);
    expect(() => Produce.encodeResponse(new Writer(), Produce.newResponse(), 14)).toThrow(
      UnsupportedVersionError,
    );
  });
});
