// lk groups reset-offsets|alter-offsets|delete-offsets: a group's committed offsets, through @lk/admin.
import type { CommittedGroupOffset, OffsetResetSpec } from '@lk/admin';
import { printJson, reportFailures, withAdmin } from '../admin-session.ts';
import { stringFlag } from '../args.ts';
import type { Command, Context } from '../command.ts';
import { UsageError } from '../errors.ts';
import { parseStartAt } from '../offset-spec.ts';
import { renderTable } from '../table.ts';
import { parsePartitionOffset, topicPartitions } from '../topic-partition-args.ts';

const json = { type: 'boolean', short: 'J', help: 'print JSON' } as const;

function groupAndRest(positionals: string[], what: string): [string, string[]] {
  const [group, ...rest] = positionals;
  if (group === undefined) throw new UsageError('missing GROUP');
  if (rest.length === 0) throw new UsageError(`missing ${what}`);
  return [group, rest];
}

function printOffsets(ctx: Context, offsets: readonly CommittedGroupOffset[]): void {
  if (ctx.args.flags.json === true) printJson(ctx, offsets);
  else {
    ctx.io.stdout.write(
      renderTable(
        ['topic', 'partition', 'offset'],
        offsets.filter((o) => o.error === null).map((o) => [o.topic, o.partition, o.offset]),
      ),
    );
  }
}

/** `--to`: earliest, latest, an offset, or a time (@MS or @DATE). */
function resetSpec(text: string): OffsetResetSpec {
  const spec = parseStartAt(text, '--to');
  if (spec.kind === 'beginning') return 'earliest';
  if (spec.kind === 'end') return 'latest';
  if (spec.kind === 'offset') return { offset: spec.offset };
  if (spec.kind === 'time') return { timestamp: BigInt(spec.ms) };
  throw new UsageError(`--to must be earliest, latest, OFFSET, @MS or @DATE, got '${text}'`);
}

export const groupsResetOffsets: Command = {
  name: 'groups reset-offsets',
  summary: "move an empty group's offsets to earliest, latest, a time or an offset",
  args: 'GROUP TOPIC[:PARTITION]...',
  connects: true,
  flags: {
    to: { type: 'string', value: 'WHERE', help: 'earliest, latest, OFFSET, @MS or @ISO-DATE (required)' },
    'dry-run': { type: 'boolean', help: 'print the offsets, commit nothing' },
    json,
  },
  details: [
    'A bare TOPIC means each of its partitions. Only for a group without members, as Kafka',
    'requires: a group with members is an error (exit 1) and nothing is committed.',
  ],
  examples: [
    'lk groups reset-offsets billing events --to earliest',
    'lk groups reset-offsets billing events:0 events:1 --to @2026-12-01T08:00:00Z --dry-run',
  ],
  async run(ctx) {
    const [group, args] = groupAndRest(ctx.args.positionals, 'TOPIC');
    const to = stringFlag(ctx.args.flags, 'to');
    if (to === undefined) throw new UsageError('--to is required');
    const spec = resetSpec(to);
    const partitions = await topicPartitions(ctx, args);
    const validateOnly = ctx.args.flags['dry-run'] === true;
    const offsets = await withAdmin(ctx, (a) =>
      a.resetGroupOffsets(group, partitions, spec, { validateOnly }),
    );
    printOffsets(ctx, offsets);
    return reportFailures(ctx, offsets, (o) => `${o.topic}/${o.partition}`);
  },
};

export const groupsAlterOffsets: Command = {
  name: 'groups alter-offsets',
  summary: 'commit offsets for a group without members',
  args: 'GROUP TOPIC:PARTITION=OFFSET...',
  connects: true,
  flags: { json },
  examples: ['lk groups alter-offsets billing events:0=42 events:1=40'],
  async run(ctx) {
    const [group, args] = groupAndRest(ctx.args.positionals, 'TOPIC:PARTITION=OFFSET');
    const wanted = args.map(parsePartitionOffset);
    const offsets = await withAdmin(ctx, (a) => a.alterGroupOffsets(group, wanted));
    printOffsets(ctx, offsets);
    return reportFailures(ctx, offsets, (o) => `${o.topic}/${o.partition}`);
  },
};

export const groupsDeleteOffsets: Command = {
  name: 'groups delete-offsets',
  summary: "delete a group's committed offsets of some partitions",
  args: 'GROUP TOPIC[:PARTITION]...',
  connects: true,
  flags: {},
  details: [
    "A bare TOPIC means each of its partitions. A topic the group's members subscribe to is",
    'refused (GROUP_SUBSCRIBED_TO_TOPIC, exit 1).',
  ],
  examples: ['lk groups delete-offsets billing events', 'lk groups delete-offsets billing events:0'],
  async run(ctx) {
    const [group, args] = groupAndRest(ctx.args.positionals, 'TOPIC');
    const partitions = await topicPartitions(ctx, args);
    const deleted = await withAdmin(ctx, (a) => a.deleteGroupOffsets(group, partitions));
    const done = deleted.filter((d) => d.error === null).length;
    if (done > 0) ctx.log.info(`deleted ${done} committed offset(s) of group ${group}`);
    return reportFailures(ctx, deleted, (d) => `${d.topic}/${d.partition}`);
  },
};

export const GROUP_OFFSET_COMMANDS = [groupsResetOffsets, groupsAlterOffsets, groupsDeleteOffsets];
