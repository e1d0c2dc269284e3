// One group member as a process of its own, for the broker tests that kill members: prints what it
// reads and commits, one event per line, flushed in order.
//   B <ms> <partition> <first> <last>  a batch handed to the handler (offsets first..last)
//   C <partition> <offset>      an offset the coordinator accepted
//   A <ms> <partitions>         assigned (ms since the epoch)
//   V <ms> <partitions>         revoked
//   L <ms> <partitions>         lost
// Arguments: bootstrap topic groupId groupProtocol(classic|consumer) assignor(range|cooperative-sticky)
//   [groupInstanceId] (static membership)
// SIGTERM closes the consumer (leaving the group) and exits.
import { Consumer, CooperativeStickyAssignor, RangeAssignor } from '../../src/index.ts';

const [bootstrap, topic, groupId, protocol, assignor, groupInstanceId] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string | undefined,
];
const lines: string[] = [];
const flush = (): void => {
  if (lines.length > 0) process.stdout.write(`${lines.splice(0).join('\n')}\n`);
};
const parts = (tps: readonly { partition: number }[]): string => tps.map((tp) => tp.partition).join(',');

const consumer = new Consumer({
  bootstrap,
  groupId,
  groupInstanceId: groupInstanceId ?? null,
  topics: [topic],
  groupProtocol: protocol as 'classic' | 'consumer',
  assignors: [assignor === 'range' ? new RangeAssignor() : new CooperativeStickyAssignor()],
  autoOffsetReset: 'earliest',
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 500,
  autoCommitIntervalMs: 1_000,
  maxPartitionBytes: 16_384,
});
consumer.on('assigned', (tps) => lines.push(`A ${Date.now()} ${parts(tps)}`));
consumer.on('revoked', (tps) => lines.push(`V ${Date.now()} ${parts(tps)}`));
consumer.on('lost', (tps) => lines.push(`L ${Date.now()} ${parts(tps)}`));
consumer.on('committed', (offsets) => {
  for (const o of offsets) lines.push(`C ${o.partition} ${o.offset}`);
  flush();
});
const stop = new AbortController();
process.on('SIGTERM', () => stop.abort());
const timer = setInterval(flush, 20);
await consumer.run({
  signal: stop.signal,
  partitionConcurrency: 12,
  eachBatch: async (batch) => {
    const first = batch.records[0]!.offset;
    const last = batch.records.at(-1)!.offset;
    lines.push(`B ${Date.now()} ${batch.partition} ${first} ${last}`);
    // Some work per batch, so that a kill finds records processed but not committed.
    await new Promise((resolve) => setTimeout(resolve, 2));
  },
});
await consumer.close();
clearInterval(timer);
flush();
