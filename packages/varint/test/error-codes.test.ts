import { describe, expect, it } from 'vitest';
import { DecodeError, type DecodeErrorCode, EncodeError } from '../src/index.ts';

describe('DecodeError and EncodeError codes', () => {
  it('are closed unions: a misspelt code fails type-checking', () => {
    const decode = new DecodeError('LK_WIRE_TRUNCATED', 'short', 3);
    // @ts-expect-error: no such decode code
    const misspelt = new DecodeError('LK_WIRE_TRUNCATD', 'short');
    // @ts-expect-error: an encode-only code is not a decode code
    const wrongClass = new DecodeError('LK_WIRE_UUID', 'bad uuid');
    const encode = new EncodeError('LK_WIRE_UUID', 'bad uuid');
    const code: DecodeErrorCode = decode.code;
    expect([code, misspelt.code, wrongClass.code, encode.code]).toEqual([
      'LK_WIRE_TRUNCATED',
      'LK_WIRE_TRUNCATD',
      'LK_WIRE_UUID',
      'LK_WIRE_UUID',
    ]);
  });
});
