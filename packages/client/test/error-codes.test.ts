import { describe, expect, it } from 'vitest';
import { MetadataError, SaslError, TimeoutError, TransportError } from '../src/errors.ts';

describe('lk error codes', () => {
  it('are closed unions per class: a misspelt code fails type-checking', () => {
    const error = new TransportError('LK_TRANSPORT_DIAL', 'refused', '127.0.0.1:1');
    // @ts-expect-error: no such transport code
    const misspelt = new TransportError('LK_TRANSPORT_DAIL', 'refused', '127.0.0.1:1');
    // @ts-expect-error: a timeout code is not a metadata code
    const wrongClass = new MetadataError('LK_TIMEOUT_REQUEST', 'no leader');
    const narrowed: 'LK_SASL_MECHANISM' | string = new SaslError('LK_SASL_MECHANISM', 'x').code;
    expect([error.code, misspelt.code, wrongClass.code, narrowed]).toEqual([
      'LK_TRANSPORT_DIAL',
      'LK_TRANSPORT_DAIL',
      'LK_TIMEOUT_REQUEST',
      'LK_SASL_MECHANISM',
    ]);
    const timeout: unknown = new TimeoutError('LK_TIMEOUT_REQUEST', 'late', 5);
    if (timeout instanceof TimeoutError) {
      // @ts-expect-error: comparing with a code TimeoutError never has
      expect(timeout.code === 'LK_TIMEOUT_REQEST').toBe(false);
    }
  });
});
