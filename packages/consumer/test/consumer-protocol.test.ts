import { DecodeError } from '@lk/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
} from '../src/consumer-protocol.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('consumer protocol', () => {
  it('writes a v3 subscription byte for byte as Kafka ConsumerProtocol lays it out', () => {
    const bytes = encodeSubscription({
      topics: ['t'],
      userData: null,
      ownedPartitions: [{ topic: 't', partitions: [0] }],
      generationId: 5,
      rackId: 'r',
    });
    expect(hex(bytes)).toBe(
      [
        '0003', // version
        '00000001',
        '000174', // topics: ["t"]
        'ffffffff', // userData: null
        '00000001',
        '000174',
        '00000001',
        '00000000', // ownedPartitions: t [0]
        '00000005', // generationId
        '000172', // rackId "r"
      ].join(''),
    );
    expect(decodeSubscription(bytes)).toEqual({
      topics: ['t'],
      userData: null,
      ownedPartitions: [{ topic: 't', partitions: [0] }],
      generationId: 5,
      rackId: 'r',
    });
  });

  it('writes a v3 assignment byte for byte', () => {
    const bytes = encodeAssignment({
      partitions: [{ topic: 'ab', partitions: [1, 2] }],
      userData: new Uint8Array([9]),
    });
    expect(hex(bytes)).toBe(
      '0003' + '00000001' + '00026162' + '00000002' + '00000001' + '00000002' + '0000000109',
    );
  });

  it('reads v0 subscriptions (older clients) with defaults for the later fields', () => {
    const v0 = new Uint8Array(Buffer.from('0000' + '00000001' + '000174' + '00000000', 'hex'));
    expect(decodeSubscription(v0)).toEqual({
      topics: ['t'],
      userData: new Uint8Array(0),
      ownedPartitions: [],
      generationId: -1,
      rackId: null,
    });
  });

  it('reads a version newer than it knows as its newest, ignoring appended fields', () => {
    const v3 = encodeSubscription({
      topics: ['x'],
      userData: null,
      ownedPartitions: [],
      generationId: 2,
      rackId: null,
    });
    const v4 = new Uint8Array([...v3, 0xaa, 0xbb]);
    v4[1] = 4;
    expect(decodeSubscription(v4).generationId).toBe(2);
  });

  it('an empty assignment buffer is an empty assignment', () => {
    expect(decodeAssignment(new Uint8Array(0))).toEqual({ partitions: [], userData: null });
  });

  it('round-trips any subscription and assignment; truncated or garbage input throws DecodeError only', () => {
    const tps = fc.array(
      fc.record({
        topic: fc.string({ maxLength: 8 }),
        partitions: fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 5 }),
      }),
      { maxLength: 4 },
    );
    fc.assert(
      fc.property(
        fc.record({
          topics: fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 }),
          userData: fc.option(fc.uint8Array({ maxLength: 8 })),
          ownedPartitions: tps,
          generationId: fc.integer({ min: -1, max: 2 ** 31 - 1 }),
          rackId: fc.option(fc.string({ maxLength: 5 })),
        }),
        fc.integer({ min: 1, max: 200 }),
        (subscription, cut) => {
          const bytes = encodeSubscription(subscription);
          expect(decodeSubscription(bytes)).toEqual(subscription);
          const assignment = { partitions: subscription.ownedPartitions, userData: subscription.userData };
          const abytes = encodeAssignment(assignment);
          expect(decodeAssignment(abytes)).toEqual(assignment);
          for (const b of [bytes, abytes]) {
            if (cut >= b.length) continue;
            const decode = b === bytes ? decodeSubscription : decodeAssignment;
            expect(() => decode(b.subarray(0, cut))).toThrow(DecodeError);
          }
        },
      ),
    );
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 64 }), (garbage) => {
        for (const decode of [decodeSubscription, decodeAssignment]) {
          try {
            decode(garbage);
          } catch (error) {
            expect(error).toBeInstanceOf(DecodeError);
          }
        }
      }),
    );
  });
});
