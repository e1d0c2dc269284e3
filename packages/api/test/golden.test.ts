// Byte-for-byte checks against hand-derived encodings, one commented line per field.
import { Writer } from '@lk/wire';
import { describe, expect, it } from 'vitest';
import { ApiVersions, encodeRequestFrame, Metadata, Produce } from '../src/index.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (...parts: string[]): string => parts.join('').replace(/\s+/g, '');

describe('golden request bytes', () => {
  it('ApiVersions v0 request frame (header v1, empty body)', () => {
    const frame = encodeRequestFrame(ApiVersions, 0, 1, 'lk', ApiVersions.newRequest());
    expect(hex(frame)).toBe(
      bytes(
        '0000000c', // size: 12 bytes follow
        '0012', //     request api key 18
        '0000', //     request api version 0
        '00000001', // correlation id 1
        '0002 6c6b', // client id: int16 length 2, "lk"
      ),
    );
  });

  it('ApiVersions v3 request frame (header v2, compact body)', () => {
    const request = { clientSoftwareName: 'lk', clientSoftwareVersion: '1.0' };
    const frame = encodeRequestFrame(ApiVersions, 3, 7, 'lk', request);
    expect(hex(frame)).toBe(
      bytes(
        '00000015', //  size: 21 bytes follow
        '0012', //      request api key 18
        '0003', //      request api version 3
        '00000007', //  correlation id 7
        '0002 6c6b', // client id keeps its int16 length in header v2
        '00', //        header tagged fields: none
        '03 6c6b', //   client software name: compact length 2+1, "lk"
        '04 312e30', // client software version: compact length 3+1, "1.0"
        '00', //        body tagged fields: none
      ),
    );
  });

  it('Metadata v1 request body', () => {
    const request = { ...Metadata.newRequest(), topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 't' }] };
    const w = new Writer();
    Metadata.encodeRequest(w, request, 1);
    expect(hex(w.finish())).toBe(
      bytes(
        '00000001', // topics: int32 count 1
        '0001 74', //  name: int16 length 1, "t"
      ),
    );
  });

  it('Metadata v12 request body (flexible, topic ids)', () => {
    const request = {
      ...Metadata.newRequest(),
      topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 't' }],
      includeTopicAuthorizedOperations: true,
    };
    const w = new Writer();
    Metadata.encodeRequest(w, request, 12);
    expect(hex(w.finish())).toBe(
      bytes(
        '02', //                               topics: compact count 1+1
        '00000000000000000000000000000000', // topic id: zero uuid
        '02 74', //                            name: compact length 1+1, "t"
        '00', //                               topic tagged fields
        '01', //                               allow auto topic creation: true (default)
        '01', //                               include topic authorized operations: true
        '00', //                               body tagged fields
      ),
    );
  });

  const batch = Uint8Array.of(0xaa, 0xbb, 0xcc);
  const produceRequest = {
    transactionalId: null,
    acks: -1,
    timeoutMs: 1000,
    topicData: [
      { name: 't', topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitionData: [{ index: 0, records: batch }] },
    ],
  };

  it('Produce v3 request body', () => {
    const w = new Writer();
    Produce.encodeRequest(w, produceRequest, 3);
    expect(hex(w.finish())).toBe(
      bytes(
        'ffff', //       transactional id: null (int16 -1)
        'ffff', //       acks: -1
        '000003e8', //   timeout: 1000 ms
        '00000001', //   topic data: int32 count 1
        '0001 74', //    topic name: "t"
        '00000001', //   partition data: int32 count 1
        '00000000', //   partition index 0
        '00000003 aabbcc', // records: int32 length 3, the bytes
      ),
    );
  });

  it('Produce v9 request body (first flexible version)', () => {
    const w = new Writer();
    Produce.encodeRequest(w, produceRequest, 9);
    expect(hex(w.finish())).toBe(
      bytes(
        '00', //         transactional id: null (compact length 0)
        'ffff', //       acks: -1
        '000003e8', //   timeout: 1000 ms
        '02', //         topic data: compact count 1+1
        '02 74', //      topic name: compact length 1+1, "t"
        '02', //         partition data: compact count 1+1
        '00000000', //   partition index 0
        '04 aabbcc', //  records: compact length 3+1, the bytes
        '00', //         partition tagged fields
        '00', //         topic tagged fields
        '00', //         body tagged fields
      ),
    );
  });
});
