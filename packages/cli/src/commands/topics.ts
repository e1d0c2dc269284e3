// lk topics list|describe|create|delete, through @lk/admin.

import { printJson, reportFailures, withAdmin } from '../admin-session.ts';
import { intFlag, listFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { renderTable } from '../table.ts';

const json = { type: 'boolean', short: 'J', help: 'print JSON' } as const;

function names(positionals: string[], what = 'TOPIC'): string[] {
  if (positionals.length === 0) throw new UsageError(`missing ${what}`);
  return positionals;
}

/** `key=value` pairs of a repeatable flag, as a record. */
export function keyValues(values: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of values) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${flag} must be KEY=VALUE, got '${kv}'`);
    out[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  return out;
}

export const topicsList: Command = {
  name: 'topics list',
  summary: 'the names of the topics',
  args: '',
  connects: true,
  flags: { internal: { type: 'boolean', help: 'include internal topics (__consumer_offsets, ...)' }, json },
  examples: ['lk topics list -b 127.0.0.1:9092', 'lk topics list --internal -J'],
  async run(ctx) {
    if (ctx.args.positionals.length > 0)
      throw new UsageError(`unexpected argument '${ctx.args.positionals[0]}'`);
    const list = await withAdmin(ctx, (a) =>
      a.listTopics({ includeInternal: ctx.args.flags.internal === true }),
    );
    if (ctx.args.flags.json === true) printJson(ctx, list);
    else ctx.io.stdout.write(list.map((n) => `${n}\n`).join(''));
    return 0;
  },
};

export const topicsDescribe: Command = {
  name: 'topics describe',
  summary: 'partitions of topics: leader, epoch, replicas, ISR, offline replicas',
  args: 'TOPIC...',
  connects: true,
  flags: { json },
  examples: ['lk topics describe events', 'lk topics describe events orders -J'],
  async run(ctx) {
    const topics = await withAdmin(ctx, (a) => a.describeTopics(names(ctx.args.positionals)));
    if (ctx.args.flags.json === true) printJson(ctx, topics);
    else {
      for (const t of topics.filter((t) => t.error === null)) {
        ctx.io.stdout.write(
          `topic ${t.name} id ${t.topicId} partitions ${t.partitions.length}${t.isInternal ? ' internal' : ''}\n`,
        );
        ctx.io.stdout.write(
          renderTable(
            ['  partition', 'leader', 'epoch', 'replicas', 'isr', 'offline'],
            t.partitions.map((p) => [
              `  ${p.partition}`,
              p.leaderId,
              p.leaderEpoch,
              p.replicas.join(','),
              p.isr.join(','),
              p.offline.join(',') || '-',
            ]),
          ),
        );
      }
    }
    return reportFailures(ctx, topics, (t) => `topic ${t.name}`);
  },
};

export const topicsCreate: Command = {
  name: 'topics create',
  summary: 'create topics (and wait until their partitions have leaders)',
  args: 'TOPIC...',
  connects: true,
  flags: {
    partitions: {
      type: 'string',
      short: 'p',
      value: 'N',
      help: "partitions (default: the broker's num.partitions)",
    },
    'replication-factor': {
      type: 'string',
      short: 'r',
      value: 'N',
      help: "replicas (default: the broker's default)",
    },
    config: { type: 'string', short: 'c', multiple: true, value: 'KEY=VALUE', help: 'a topic config' },
    'if-not-exists': { type: 'boolean', help: 'a topic that exists already is not an error' },
    'validate-only': { type: 'boolean', help: 'let the broker check the request, create nothing' },
  },
  examples: ['lk topics create events -p 6 -r 3 -c retention.ms=3600000 -c cleanup.policy=compact'],
  async run(ctx) {
    const { flags } = ctx.args;
    const numPartitions = intFlag(flags, 'partitions', -1, 1);
    const replicationFactor = intFlag(flags, 'replication-factor', -1, 1, 32_767);
    const configs = keyValues(listFlag(flags, 'config'), 'config');
    const created = await withAdmin(ctx, (a) =>
      a.createTopics(
        names(ctx.args.positionals).map((name) => ({ name, numPartitions, replicationFactor, configs })),
        { validateOnly: flags['validate-only'] === true },
      ),
    );
    const failed = created.filter(
      (t) =>
        t.error !== null &&
        !(flags['if-not-exists'] === true && t.error.errorName === 'TOPIC_ALREADY_EXISTS'),
    );
    for (const t of created) if (t.error === null) ctx.log.info(`created ${t.name} (id ${t.topicId})`);
    return reportFailures(ctx, failed, (t) => `topic ${t.name}`);
  },
};

export const topicsDelete: Command = {
  name: 'topics delete',
  summary: 'delete topics by name (or by id with --id)',
  args: 'TOPIC...',
  connects: true,
  flags: { id: { type: 'boolean', help: 'the arguments are topic ids' } },
  examples: ['lk topics delete old-events', 'lk topics delete --id q9Ctj2gBTeyZ4bjrRRNjyA'],
  async run(ctx) {
    const list = names(ctx.args.positionals);
    const deleted = await withAdmin(ctx, (a) =>
      a.deleteTopics(ctx.args.flags.id === true ? list.map((topicId) => ({ topicId })) : list),
    );
    for (const t of deleted) if (t.error === null) ctx.log.info(`deleted ${t.name ?? t.topicId}`);
    return reportFailures(ctx, deleted, (t) => `topic ${t.name ?? t.topicId}`);
  },
};

export const TOPIC_COMMANDS = [topicsList, topicsDescribe, topicsCreate, topicsDelete];
