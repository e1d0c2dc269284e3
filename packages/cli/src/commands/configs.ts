// lk configs describe|alter: topic, broker and group configs through @lk/admin.
import { ConfigResourceType, ConfigSource } from '@lk/api';
import { printJson, reportFailures, withAdmin } from '../admin-session.ts';
import { listFlag } from '../args.ts';
import type { Command, Context } from '../command.ts';
import { enumName } from '../enum-names.ts';
import { UsageError } from '../errors.ts';
import { renderTable } from '../table.ts';
import { keyValues } from './topics.ts';

const TYPES = {
  topic: ConfigResourceType.TOPIC,
  broker: ConfigResourceType.BROKER,
  group: ConfigResourceType.GROUP,
} as const;

function resource(ctx: Context): { type: ConfigResourceType; name: string; kind: string } {
  const [kind, name, extra] = ctx.args.positionals;
  if (kind === undefined) throw new UsageError('missing KIND (topic, broker or group)');
  const type = (TYPES as Record<string, ConfigResourceType>)[kind];
  if (type === undefined) throw new UsageError(`KIND must be topic, broker or group, got '${kind}'`);
  if (name === undefined) throw new UsageError('missing NAME (a topic, a broker id or a group id)');
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
  return { type, name, kind };
}

export const configsDescribe: Command = {
  name: 'configs describe',
  summary: 'the configs of a topic, a broker or a group, with their sources',
  args: 'KIND NAME',
  connects: true,
  flags: {
    all: {
      type: 'boolean',
      short: 'a',
      help: 'defaults too (default: only values set on the resource or broker)',
    },
    synonyms: { type: 'boolean', help: 'list the value of every source' },
    json: { type: 'boolean', short: 'J', help: 'print JSON' },
  },
  details: ['KIND is topic, broker or group; NAME a topic name, a broker id or a group id.'],
  examples: [
    'lk configs describe topic events',
    'lk configs describe broker 1 --all',
    'lk configs describe topic events --synonyms -J',
  ],
  async run(ctx) {
    const { type, name, kind } = resource(ctx);
    const synonyms = ctx.args.flags.synonyms === true;
    const [description] = await withAdmin(ctx, (a) => a.describeConfigs([{ type, name }], { synonyms }));
    const d = description!;
    if (ctx.args.flags.json === true) printJson(ctx, d);
    else if (d.error === null) {
      const shown = d.configs.filter(
        (c) => ctx.args.flags.all === true || c.source !== ConfigSource.DEFAULT_CONFIG,
      );
      const rows = shown.map((c) => [
        c.name,
        c.sensitive ? '(sensitive)' : (c.value ?? '(null)'),
        enumName(ConfigSource, c.source),
        c.readOnly ? 'read-only' : '',
        ...(synonyms
          ? [c.synonyms.map((s) => `${enumName(ConfigSource, s.source)}=${s.value ?? ''}`).join(' ')]
          : []),
      ]);
      ctx.io.stdout.write(
        renderTable(['name', 'value', 'source', '', ...(synonyms ? ['synonyms'] : [])], rows),
      );
    }
    return reportFailures(ctx, [d], () => `${kind} ${name}`);
  },
};

export const configsAlter: Command = {
  name: 'configs alter',
  summary: 'set, delete, append to or subtract from configs (incrementally; others stay)',
  args: 'KIND NAME',
  connects: true,
  flags: {
    set: { type: 'string', short: 's', multiple: true, value: 'KEY=VALUE', help: 'set a config' },
    delete: { type: 'string', short: 'd', multiple: true, value: 'KEY', help: 'back to its default' },
    append: { type: 'string', multiple: true, value: 'KEY=VALUE', help: 'add to a list config' },
    subtract: { type: 'string', multiple: true, value: 'KEY=VALUE', help: 'remove from a list config' },
    'validate-only': { type: 'boolean', help: 'let the broker check it, change nothing' },
  },
  examples: ['lk configs alter topic events --set retention.ms=86400000 --delete segment.ms'],
  async run(ctx) {
    const { type, name, kind } = resource(ctx);
    const { flags } = ctx.args;
    const change = {
      type,
      name,
      set: keyValues(listFlag(flags, 'set'), 'set'),
      delete: listFlag(flags, 'delete'),
      append: keyValues(listFlag(flags, 'append'), 'append'),
      subtract: keyValues(listFlag(flags, 'subtract'), 'subtract'),
    };
    const count =
      Object.keys(change.set).length +
      change.delete.length +
      Object.keys(change.append).length +
      Object.keys(change.subtract).length;
    if (count === 0) throw new UsageError('nothing to change: give --set, --delete, --append or --subtract');
    const [altered] = await withAdmin(ctx, (a) =>
      a.alterConfigs([change], { validateOnly: flags['validate-only'] === true }),
    );
    if (altered!.error === null) ctx.log.info(`${kind} ${name}: ${count} config change(s) applied`);
    return reportFailures(ctx, [altered!], () => `${kind} ${name}`);
  },
};

export const CONFIG_COMMANDS = [configsDescribe, configsAlter];
