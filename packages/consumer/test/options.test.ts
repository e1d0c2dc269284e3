import { ConfigError } from '@lk/client';
import { describe, expect, it } from 'vitest';
import { RangeAssignor } from '../src/assignors/range.ts';
import { DEFAULT_CONSUMER_OPTIONS, resolveConsumerOptions } from '../src/options.ts';

const base = { bootstrap: '127.0.0.1:9092', groupId: 'g', topics: ['t'] };

function configError(options: object): ConfigError {
  try {
    resolveConsumerOptions({ ...base, ...options } as never);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('consumer options', () => {
  it("default to Java's consumer defaults", () => {
    const o = resolveConsumerOptions(base);
    // Java 4.x: session.timeout.ms, heartbeat.interval.ms, max.poll.interval.ms, enable.auto.commit,
    // auto.commit.interval.ms, auto.offset.reset, isolation.level, fetch.min.bytes,
    // fetch.max.wait.ms, fetch.max.bytes, max.partition.fetch.bytes, group.protocol (lk: auto).
    const java = [
      45_000,
      3_000,
      300_000,
      true,
      5_000,
      'latest',
      'read_uncommitted',
      1,
      500,
      52_428_800,
      1_048_576,
      'auto',
    ];
    expect([
      o.sessionTimeoutMs,
      o.heartbeatIntervalMs,
      o.rebalanceTimeoutMs,
      o.autoCommit,
      o.autoCommitIntervalMs,
      o.autoOffsetReset,
      o.isolationLevel,
      o.minBytes,
      o.maxWaitMs,
      o.maxBytes,
      o.maxPartitionBytes,
      o.groupProtocol,
    ]).toEqual(java);
    expect(o.assignors.map((a) => a.name)).toEqual(['range', 'cooperative-sticky']);
    expect(DEFAULT_CONSUMER_OPTIONS.maxBufferedBytes).toBe(64 * 1024 * 1024);
    expect(o.reuseMemory).toBe(false);
  });

  it('name the option in each error', () => {
    expect(configError({ sessionTimeoutMs: -1 }).message).toMatch(/^sessionTimeoutMs/);
    expect(configError({ maxWaitMs: 1.5 }).message).toMatch(/^maxWaitMs/);
    expect(configError({ maxBytes: 0 }).message).toMatch(/^maxBytes/);
    expect(configError({ autoOffsetReset: 'smallest' }).message).toMatch(/^autoOffsetReset/);
    expect(configError({ isolationLevel: 'committed' }).message).toMatch(/^isolationLevel/);
    expect(configError({ groupProtocol: 'kip848' }).message).toMatch(/^groupProtocol/);
    expect(configError({ heartbeatIntervalMs: 50_000 }).message).toMatch(/^heartbeatIntervalMs/);
    expect(configError({ groupId: '' }).message).toMatch(/^groupId/);
    expect(configError({ topics: [] }).message).toMatch(/^topics or topicPattern/);
    expect(configError({ topicPattern: '(' }).message).toMatch(/^topicPattern/);
    expect(configError({ assignors: [] }).message).toMatch(/^assignors/);
    expect(configError({ assignors: [new RangeAssignor(), new RangeAssignor()] }).message).toMatch(
      /^assignors/,
    );
    expect(configError({ autoCommit: 'yes' }).message).toMatch(/^autoCommit/);
    expect(configError({ reuseMemory: 1 }).message).toMatch(/^reuseMemory/);
    expect(configError({ assignment: [{ topic: 't', partition: -1 }], topics: undefined }).message).toMatch(
      /^assignment/,
    );
    expect(configError({ assignment: [], topics: ['t'] }).message).toMatch(/^assignment/);
    expect(configError({ groupId: undefined }).message).toMatch(/^groupId/);
  });

  it('accept manual assignment without a group', () => {
    const o = resolveConsumerOptions({ bootstrap: 'x:1', assignment: [{ topic: 't', partition: 0 }] });
    expect(o.groupId).toBeNull();
    expect(o.assignment).toEqual([{ topic: 't', partition: 0 }]);
  });
});
