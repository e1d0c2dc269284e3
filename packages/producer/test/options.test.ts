import { ConfigError } from '@lk/client';
import { gzip } from '@lk/compress-gzip';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, resolveSettings } from '../src/options.ts';

describe('resolveSettings', () => {
  it('has the Java client 4.x defaults', () => {
    expect(resolveSettings({})).toEqual({
      ...DEFAULT_SETTINGS,
      acks: -1,
      idempotent: true,
      lingerMs: 5,
      batchSize: 16384,
      bufferMemory: 33554432,
      maxBlockMs: 60000,
      maxRequestSize: 1048576,
      maxInFlight: 5,
      requestTimeoutMs: 30000,
      deliveryTimeoutMs: 120000,
      retryBackoffMs: 100,
      retryBackoffMaxMs: 1000,
      compression: null,
    });
  });

  it('turns idempotence off by default for acks 0 and 1, and refuses it when asked for', () => {
    expect(resolveSettings({ acks: 1 }).idempotent).toBe(false);
    expect(() => resolveSettings({ acks: 0, idempotent: true })).toThrow(/idempotent needs acks=-1/);
  });

  it('takes a codec plugin', () => {
    expect(resolveSettings({ compression: gzip() }).compression?.type).toBe(1);
  });

  it.each([
    [{ acks: 2 }, 'acks'],
    [{ batchSize: 0 }, 'batchSize'],
    [{ batchSize: 1.5 }, 'batchSize'],
    [{ bufferMemory: -1 }, 'bufferMemory'],
    [{ maxInFlight: 6 }, 'maxInFlight'],
    [{ lingerMs: -1 }, 'lingerMs'],
    [{ lingerMs: Number.NaN }, 'lingerMs'],
    [{ requestTimeoutMs: 0 }, 'requestTimeoutMs'],
    [{ deliveryTimeoutMs: 1000 }, 'deliveryTimeoutMs'],
    [{ retryBackoffMs: 2000 }, 'retryBackoffMaxMs'],
    [{ maxBlockMs: Number.POSITIVE_INFINITY }, 'maxBlockMs'],
    [{ partitioner: 'murmur3' }, 'partitioner'],
    [{ compression: { type: 9, compress: (d: Uint8Array) => d } }, 'compression'],
  ])('refuses %o with a ConfigError naming %s', (settings, option) => {
    let error: unknown;
    try {
      resolveSettings(settings as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(new RegExp(`^${option}`));
  });

  it('allows more than 5 in flight without idempotence', () => {
    expect(resolveSettings({ acks: 1, maxInFlight: 10 }).maxInFlight).toBe(10);
  });
});
