// lk acls describe|create|delete, through @lk/admin. Names on the command line, enums on the wire.

import type { AclFilter } from '@lk/admin';
import { AclOperation, AclPermissionType, PatternType, ResourceType } from '@lk/api';
import { printJson, reportFailures, withAdmin } from '../admin-session.ts';
import { type FlagSpecs, type FlagValues, stringFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { enumName, enumValue } from '../enum-names.ts';
import { UsageError } from '../errors.ts';
import { renderTable } from '../table.ts';

const ACL_FLAGS: FlagSpecs = {
  'resource-type': {
    type: 'string',
    value: 'TYPE',
    help: 'topic, group, cluster, transactional-id, delegation-token, user',
  },
  resource: { type: 'string', value: 'NAME', help: 'the resource name (kafka-cluster for the cluster)' },
  pattern: {
    type: 'string',
    value: 'PATTERN',
    help: 'literal (default to create), prefixed; filters also any, match',
  },
  principal: { type: 'string', value: 'PRINCIPAL', help: 'e.g. User:alice' },
  host: { type: 'string', value: 'HOST', help: 'default * (any host)' },
  operation: { type: 'string', value: 'OP', help: 'read, write, create, delete, alter, describe, all, ...' },
  permission: { type: 'string', value: 'ALLOW|DENY', help: 'allow or deny' },
};

function named<T extends Readonly<Record<string, number>>>(
  flags: FlagValues,
  flag: string,
  table: T,
): T[keyof T] | undefined {
  const text = stringFlag(flags, flag);
  if (text === undefined) return undefined;
  const value = enumValue(table, text);
  if (value === undefined) {
    const names = Object.keys(table)
      .filter((k) => k !== 'UNKNOWN')
      .map((k) => k.toLowerCase().replace(/_/g, '-'));
    throw new UsageError(`--${flag} must be one of ${names.join(', ')}, got '${text}'`);
  }
  return value;
}

/** The filter the flags describe; absent flags match anything. */
function filterOf(flags: FlagValues): AclFilter {
  const filter: Record<string, unknown> = {
    resourceType: named(flags, 'resource-type', ResourceType),
    resourceName: stringFlag(flags, 'resource'),
    patternType: named(flags, 'pattern', PatternType),
    principal: stringFlag(flags, 'principal'),
    host: stringFlag(flags, 'host'),
    operation: named(flags, 'operation', AclOperation),
    permissionType: named(flags, 'permission', AclPermissionType),
  };
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)) as AclFilter;
}

function noPositionals(positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
}

export const aclsDescribe: Command = {
  // As Kafka's DescribeAcls; `list` kept for those who reach for it (and for the first name).
  name: 'acls describe',
  aliases: ['acls list'],
  summary: 'the ACLs matching the flags (none given: all)',
  args: '',
  connects: true,
  flags: { ...ACL_FLAGS, json: { type: 'boolean', short: 'J', help: 'print JSON' } },
  examples: [
    'lk acls describe',
    'lk acls describe --principal User:alice',
    'lk acls describe --resource-type topic --resource events --pattern match',
  ],
  async run(ctx) {
    noPositionals(ctx.args.positionals);
    const listing = await withAdmin(ctx, (a) => a.describeAcls(filterOf(ctx.args.flags)));
    if (ctx.args.flags.json === true) printJson(ctx, listing);
    else if (listing.error === null) {
      ctx.io.stdout.write(
        renderTable(
          ['resource-type', 'resource', 'pattern', 'principal', 'host', 'operation', 'permission'],
          listing.acls.map((acl) => [
            enumName(ResourceType, acl.resourceType),
            acl.resourceName,
            enumName(PatternType, acl.patternType),
            acl.principal,
            acl.host,
            enumName(AclOperation, acl.operation),
            enumName(AclPermissionType, acl.permissionType),
          ]),
        ),
      );
    }
    return reportFailures(ctx, [listing], () => 'acls');
  },
};

export const aclsCreate: Command = {
  name: 'acls create',
  summary: 'create one ACL (the brokers need an authorizer)',
  args: '',
  connects: true,
  flags: ACL_FLAGS,
  examples: [
    'lk acls create --resource-type topic --resource events --principal User:alice --operation read --permission allow',
  ],
  async run(ctx) {
    noPositionals(ctx.args.positionals);
    const f = filterOf(ctx.args.flags);
    for (const flag of ['resource-type', 'resource', 'principal', 'operation', 'permission']) {
      if (ctx.args.flags[flag] === undefined) throw new UsageError(`--${flag} is required`);
    }
    const acl = {
      resourceType: f.resourceType!,
      resourceName: f.resourceName!,
      patternType: f.patternType ?? PatternType.LITERAL,
      principal: f.principal!,
      host: f.host ?? '*',
      operation: f.operation!,
      permissionType: f.permissionType!,
    };
    const created = await withAdmin(ctx, (a) => a.createAcls([acl]));
    if (created[0]?.error === null) ctx.log.info('created 1 ACL');
    return reportFailures(ctx, created, () => 'acl');
  },
};

export const aclsDelete: Command = {
  name: 'acls delete',
  summary: 'delete the ACLs matching the flags (at least one flag)',
  args: '',
  connects: true,
  flags: ACL_FLAGS,
  examples: [
    'lk acls delete --principal User:alice',
    'lk acls delete --resource-type topic --resource events',
  ],
  async run(ctx) {
    noPositionals(ctx.args.positionals);
    const filter = filterOf(ctx.args.flags);
    if (Object.keys(filter).length === 0)
      throw new UsageError('give at least one filter flag (deleting every ACL by accident is too easy)');
    const [deleted] = await withAdmin(ctx, (a) => a.deleteAcls([filter]));
    if (deleted!.error === null) ctx.log.info(`deleted ${deleted!.deleted.length} ACL(s)`);
    return reportFailures(ctx, [deleted!, ...deleted!.deleted], () => 'acl');
  },
};

export const ACL_COMMANDS = [aclsDescribe, aclsCreate, aclsDelete];
