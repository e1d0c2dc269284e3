// lk quotas describe|alter: client quotas of users, client ids and IPs, through @lk/admin.
import type { QuotaEntity, QuotaFilterComponent } from '@lk/admin';
import { QuotaEntityType } from '@lk/api';
import { printJson, reportFailures, withAdmin } from '../admin-session.ts';
import { type FlagSpecs, listFlag, stringFlag } from '../args.ts';
import type { Command, Context } from '../command.ts';
import { UsageError } from '../errors.ts';
import { renderTable } from '../table.ts';
import { keyValues } from './topics.ts';

const TYPES = [QuotaEntityType.USER, QuotaEntityType.CLIENT_ID, QuotaEntityType.IP] as const;

// --user NAME / --default-user, and the same for client-id and ip.
const ENTITY_FLAGS: FlagSpecs = Object.fromEntries(
  TYPES.flatMap((type) => [
    [type, { type: 'string' as const, value: 'NAME', help: `the ${type} entity NAME` }],
    [`default-${type}`, { type: 'boolean' as const, help: `the default ${type} entity` }],
  ]),
);

/** The entity types the flags name: a name, or null for the type's default entity. */
function named(ctx: Context): [QuotaEntityType, string | null][] {
  const out: [QuotaEntityType, string | null][] = [];
  for (const type of TYPES) {
    const name = stringFlag(ctx.args.flags, type);
    const byDefault = ctx.args.flags[`default-${type}`] === true;
    if (name !== undefined && byDefault)
      throw new UsageError(`give --${type} or --default-${type}, not both`);
    if (name !== undefined) out.push([type, name]);
    else if (byDefault) out.push([type, null]);
  }
  return out;
}

function noPositionals(ctx: Context): void {
  if (ctx.args.positionals.length > 0)
    throw new UsageError(`unexpected argument '${ctx.args.positionals[0]}'`);
}

const entityText = (entity: QuotaEntity) =>
  Object.entries(entity)
    .map(([type, name]) => `${type}=${name ?? '<default>'}`)
    .join(',');

export const quotasDescribe: Command = {
  name: 'quotas describe',
  summary: 'the client quotas of the entities the flags match (none given: every entity)',
  args: '',
  connects: true,
  flags: {
    ...ENTITY_FLAGS,
    strict: { type: 'boolean', help: 'only entities with no entity type besides those given' },
    json: { type: 'boolean', short: 'J', help: 'print JSON' },
  },
  examples: ['lk quotas describe', 'lk quotas describe --user alice --default-client-id -J'],
  async run(ctx) {
    noPositionals(ctx);
    const filter = named(ctx).map(
      ([entityType, name]): QuotaFilterComponent =>
        name === null ? { entityType, default: true } : { entityType, name },
    );
    const strict = ctx.args.flags.strict === true;
    const quotas = await withAdmin(ctx, (a) => a.describeClientQuotas(filter, { strict }));
    if (ctx.args.flags.json === true) printJson(ctx, quotas);
    else {
      ctx.io.stdout.write(
        renderTable(
          ['entity', 'quota', 'value'],
          quotas.flatMap((q) =>
            Object.entries(q.quotas).map(([key, value]) => [entityText(q.entity), key, value]),
          ),
        ),
      );
    }
    return 0;
  },
};

export const quotasAlter: Command = {
  name: 'quotas alter',
  summary: 'set and remove the client quotas of one entity',
  args: '',
  connects: true,
  flags: {
    ...ENTITY_FLAGS,
    set: {
      type: 'string',
      multiple: true,
      value: 'KEY=VALUE',
      help: 'set a quota (e.g. producer_byte_rate=1048576)',
    },
    remove: { type: 'string', multiple: true, value: 'KEY', help: 'remove a quota' },
    'validate-only': { type: 'boolean', help: 'let the broker check the change, apply nothing' },
  },
  examples: [
    'lk quotas alter --client-id app --set producer_byte_rate=1048576 --set consumer_byte_rate=2097152',
    'lk quotas alter --user alice --default-client-id --remove request_percentage',
  ],
  async run(ctx) {
    noPositionals(ctx);
    const entity = Object.fromEntries(named(ctx)) as QuotaEntity;
    if (Object.keys(entity).length === 0)
      throw new UsageError('name the entity: --user, --client-id, --ip or their --default-* flags');
    const set: Record<string, number> = {};
    for (const [key, text] of Object.entries(keyValues(listFlag(ctx.args.flags, 'set'), 'set'))) {
      const value = Number(text);
      if (text.trim() === '' || !Number.isFinite(value))
        throw new UsageError(`--set ${key} must be a number, got '${text}'`);
      set[key] = value;
    }
    const remove = listFlag(ctx.args.flags, 'remove');
    if (Object.keys(set).length === 0 && remove.length === 0) throw new UsageError('give --set or --remove');
    const validateOnly = ctx.args.flags['validate-only'] === true;
    const results = await withAdmin(ctx, (a) =>
      a.alterClientQuotas([{ entity, set, remove }], { validateOnly }),
    );
    for (const r of results)
      if (r.error === null)
        ctx.log.info(`${validateOnly ? 'validated' : 'altered'} the quotas of ${entityText(r.entity)}`);
    return reportFailures(ctx, results, (r) => `quota ${entityText(r.entity)}`);
  },
};

export const QUOTA_COMMANDS = [quotasDescribe, quotasAlter];
