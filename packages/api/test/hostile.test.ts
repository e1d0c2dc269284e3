// Regression tests for the hostile inputs of reliability-plan §3.3 that reach @lk/api (frames,
// header, bytes and array fields): each must end in a typed lk error, quickly, without allocating
// from the hostile length.
import { DecodeError, FrameDecoder, FrameError, Reader } from '@lk/wire';
import { describe, expect, it } from 'vitest';
import {
  ApiVersions,
  decodeResponseFrame,
  Fetch,
  Metadata,
  Produce,
  readCorrelationId,
  SaslAuthenticate,
} from '../src/index.ts';

const frameOf = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);

describe('hostile frames and fields (reliability plan §3.3)', () => {
  it('size field -1 (0xFFFFFFFF) is a FrameError, not a negative allocation', () => {
    expect(() => new FrameDecoder().push(frameOf(0xff, 0xff, 0xff, 0xff))).toThrow(FrameError);
  });

  it('size field 0x7FFFFFFF is refused before allocating 2 GiB', () => {
    expect(() => new FrameDecoder().push(frameOf(0x7f, 0xff, 0xff, 0xff, 0))).toThrow(/exceeds the maximum/);
  });

  it('a body shorter than the 4-byte correlation id is a DecodeError', () => {
    for (const frame of [frameOf(), frameOf(0), frameOf(0, 0, 1)]) {
      expect(() => readCorrelationId(frame)).toThrow(DecodeError);
      expect(() => decodeResponseFrame(ApiVersions, 0, frame)).toThrow(DecodeError);
    }
  });

  it('null (-1) in a non-nullable bytes field is a DecodeError', () => {
    // SaslAuthenticate v0 response: error code, null error message, then auth bytes of length -1.
    const body = frameOf(0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    expect(() => SaslAuthenticate.decodeResponse(new Reader(body), 0)).toThrow(DecodeError);
  });

  it('array count 2^31-1 with a 10-byte body fails on the count, before any element', () => {
    // Metadata v0 response: brokers count 0x7FFFFFFF, then 10 bytes.
    const body = frameOf(0x7f, 0xff, 0xff, 0xff, ...new Array(10).fill(0));
    expect(() => Metadata.decodeResponse(new Reader(body), 0)).toThrow(/array count 2147483647 cannot fit/);
  });

  it('compact array and tagged-field counts near 2^32 fail the same way', () => {
    // Produce v9 response: compact count 0xFFFFFFFE (varint ff ff ff ff 0f) with nothing after.
    expect(() => Produce.decodeResponse(new Reader(frameOf(0xff, 0xff, 0xff, 0xff, 0x0f)), 9)).toThrow(
      DecodeError,
    );
    // Fetch v12 response: throttle, error, session id, empty topics, then 2^32-1 tagged fields.
    const tagged = frameOf(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0x0f);
    expect(() => Fetch.decodeResponse(new Reader(tagged), 12)).toThrow(DecodeError);
  });

  it('a negative array count other than -1 is a DecodeError', () => {
    expect(() => Metadata.decodeResponse(new Reader(frameOf(0xff, 0xff, 0xff, 0xfe)), 0)).toThrow(
      DecodeError,
    );
  });

  it('an unterminated varint length is a DecodeError', () => {
    expect(() => Produce.decodeResponse(new Reader(frameOf(0x80, 0x80)), 9)).toThrow(DecodeError);
  });

  it('a tagged field longer than the input is a DecodeError', () => {
    // Produce v9 response: no topics, throttle 0, one tagged field (tag 0) claiming 100 bytes.
    const body = frameOf(1, 0, 0, 0, 0, 1, 0, 100, 1, 2);
    expect(() => Produce.decodeResponse(new Reader(body), 9)).toThrow(DecodeError);
  });
});
