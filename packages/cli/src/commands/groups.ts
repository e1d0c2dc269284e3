// lk groups list|describe|delete|offsets, through @lk/admin.
import type { GroupState, GroupType } from '@lk/api';
import { printJson, reportFailures, withAdmin } from '../admin-session.ts';
import { listFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { renderTable } from '../table.ts';

const json = { type: 'boolean', short: 'J', help: 'print JSON' } as const;

function groupIds(positionals: string[]): string[] {
  if (positionals.length === 0) throw new UsageError('missing GROUP');
  return positionals;
}

export const groupsList: Command = {
  name: 'groups list',
  summary: 'the groups of every broker, with protocol type, state and type',
  args: '',
  connects: true,
  flags: {
    state: {
      type: 'string',
      multiple: true,
      value: 'STATE',
      help: 'only groups in STATE (Stable, Empty, ...; Kafka 2.6+)',
    },
    type: {
      type: 'string',
      multiple: true,
      value: 'TYPE',
      help: 'only groups of TYPE (Classic, Consumer, Share; Kafka 3.8+)',
    },
    json,
  },
  examples: ['lk groups list', 'lk groups list --state Empty --type Classic -J'],
  async run(ctx) {
    if (ctx.args.positionals.length > 0)
      throw new UsageError(`unexpected argument '${ctx.args.positionals[0]}'`);
    const states = listFlag(ctx.args.flags, 'state') as GroupState[];
    const types = listFlag(ctx.args.flags, 'type') as GroupType[];
    const listing = await withAdmin(ctx, (a) =>
      a.listGroups({ ...(states.length > 0 ? { states } : {}), ...(types.length > 0 ? { types } : {}) }),
    );
    const groups = [...listing.groups].sort((a, b) => a.groupId.localeCompare(b.groupId));
    if (ctx.args.flags.json === true) printJson(ctx, { groups, brokers: listing.brokers });
    else {
      ctx.io.stdout.write(
        renderTable(
          ['group', 'protocol-type', 'state', 'type', 'coordinator'],
          groups.map((g) => [
            g.groupId,
            g.protocolType || '-',
            g.state || '-',
            g.type || '-',
            g.coordinatorId,
          ]),
        ),
      );
    }
    return reportFailures(ctx, listing.brokers, (b) => `broker ${b.nodeId}`);
  },
};

export const groupsDescribe: Command = {
  name: 'groups describe',
  summary: 'state, protocol and members of classic groups',
  args: 'GROUP...',
  connects: true,
  flags: { json },
  examples: ['lk groups describe billing', 'lk groups describe billing audit -J'],
  async run(ctx) {
    const groups = await withAdmin(ctx, (a) => a.describeGroups(groupIds(ctx.args.positionals)));
    if (ctx.args.flags.json === true) printJson(ctx, groups);
    else {
      for (const g of groups.filter((g) => g.error === null)) {
        ctx.io.stdout.write(
          `group ${g.groupId} state ${g.state} protocol ${g.protocolType || '-'}/${g.protocol || '-'} coordinator ${g.coordinatorId} members ${g.members.length}\n`,
        );
        if (g.members.length > 0) {
          ctx.io.stdout.write(
            renderTable(
              ['  member', 'instance', 'client', 'host'],
              g.members.map((m) => [`  ${m.memberId}`, m.groupInstanceId ?? '-', m.clientId, m.clientHost]),
            ),
          );
        }
      }
    }
    return reportFailures(ctx, groups, (g) => `group ${g.groupId}`);
  },
};

export const groupsDelete: Command = {
  name: 'groups delete',
  summary: 'delete empty groups (and their committed offsets)',
  args: 'GROUP...',
  connects: true,
  flags: {},
  examples: ['lk groups delete old-billing'],
  async run(ctx) {
    const deleted = await withAdmin(ctx, (a) => a.deleteGroups(groupIds(ctx.args.positionals)));
    for (const g of deleted) if (g.error === null) ctx.log.info(`deleted group ${g.groupId}`);
    return reportFailures(ctx, deleted, (g) => `group ${g.groupId}`);
  },
};

export const groupsOffsets: Command = {
  name: 'groups offsets',
  summary: "a group's committed offsets (lk lag adds the ends and the lag)",
  args: 'GROUP',
  connects: true,
  flags: { json },
  examples: ['lk groups offsets billing'],
  async run(ctx) {
    const [group] = groupIds(ctx.args.positionals);
    if (ctx.args.positionals.length > 1)
      throw new UsageError(`unexpected argument '${ctx.args.positionals[1]}'`);
    const result = await withAdmin(ctx, (a) => a.listGroupOffsets(group!));
    if (ctx.args.flags.json === true) printJson(ctx, result);
    else {
      ctx.io.stdout.write(
        renderTable(
          ['topic', 'partition', 'offset', 'epoch', 'metadata'],
          result.offsets.map((o) => [o.topic, o.partition, o.offset, o.leaderEpoch, o.metadata ?? '']),
        ),
      );
    }
    return result.error !== null
      ? reportFailures(ctx, [result], () => `group ${group}`)
      : reportFailures(ctx, result.offsets, (o) => `${o.topic}/${o.partition}`);
  },
};

export const GROUP_COMMANDS = [groupsList, groupsDescribe, groupsDelete, groupsOffsets];
