// lk topics create-partitions|delete-records: a topic's partitions grow, its old records go.
import { partitionNumbers, printJson, reportFailures, withAdmin } from '../admin-session.ts';
import { intFlag, listFlag, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { renderTable } from '../table.ts';

function oneTopic(positionals: string[]): string {
  const [topic, extra] = positionals;
  if (topic === undefined) throw new UsageError('missing TOPIC');
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  return topic;
}

export const topicsCreatePartitions: Command = {
  name: 'topics create-partitions',
  summary: 'add partitions to a topic: --count is the new total',
  args: 'TOPIC',
  connects: true,
  flags: {
    count: { type: 'string', short: 'p', value: 'N', help: 'the new number of partitions (required)' },
    'validate-only': { type: 'boolean', help: 'let the broker check the request, add nothing' },
  },
  details: ["Fewer partitions than now is the broker's INVALID_PARTITIONS (exit 1)."],
  examples: ['lk topics create-partitions events --count 12'],
  async run(ctx) {
    const topic = oneTopic(ctx.args.positionals);
    if (stringFlag(ctx.args.flags, 'count') === undefined) throw new UsageError('--count is required');
    const count = intFlag(ctx.args.flags, 'count', 0, 1);
    const validateOnly = ctx.args.flags['validate-only'] === true;
    const results = await withAdmin(ctx, (a) => a.createPartitions([{ topic, count }], { validateOnly }));
    for (const r of results)
      if (r.error === null)
        ctx.log.info(`${r.topic} ${validateOnly ? 'can have' : 'has'} ${count} partitions`);
    return reportFailures(ctx, results, (r) => `topic ${r.topic}`);
  },
};

export const topicsDeleteRecords: Command = {
  name: 'topics delete-records',
  summary: "delete a topic's records before an offset (its log start moves there)",
  args: 'TOPIC',
  connects: true,
  flags: {
    before: {
      type: 'string',
      value: 'OFFSET|end',
      help: 'delete the records before OFFSET, or every record so far with end (required)',
    },
    partition: {
      type: 'string',
      short: 'p',
      multiple: true,
      value: 'N',
      help: 'only partition N (default: all)',
    },
    json: { type: 'boolean', short: 'J', help: 'print JSON' },
  },
  examples: [
    'lk topics delete-records events --before end',
    'lk topics delete-records events -p 0 --before 1000',
  ],
  async run(ctx) {
    const topic = oneTopic(ctx.args.positionals);
    const before = stringFlag(ctx.args.flags, 'before');
    if (before === undefined) throw new UsageError('--before is required');
    if (before !== 'end' && !/^\d+$/.test(before))
      throw new UsageError(`--before must be an offset or end, got '${before}'`);
    const offset = before === 'end' ? ('highWatermark' as const) : BigInt(before);
    const wanted = listFlag(ctx.args.flags, 'partition').map((p) =>
      intFlag({ partition: p }, 'partition', 0),
    );
    const partitions = wanted.length > 0 ? wanted : await partitionNumbers(ctx, topic);
    const results = await withAdmin(ctx, (a) =>
      a.deleteRecords(partitions.map((partition) => ({ topic, partition, offset }))),
    );
    if (ctx.args.flags.json === true) printJson(ctx, results);
    else {
      ctx.io.stdout.write(
        renderTable(
          ['topic', 'partition', 'low-watermark'],
          results.filter((r) => r.error === null).map((r) => [r.topic, r.partition, r.lowWatermark]),
        ),
      );
    }
    return reportFailures(ctx, results, (r) => `${r.topic}/${r.partition}`);
  },
};

export const TOPIC_PARTITION_COMMANDS = [topicsCreatePartitions, topicsDeleteRecords];
