import {
  AclOperation,
  AclPermissionType,
  CreateAcls,
  DeleteAcls,
  type DeleteAclsResponseDeleteAclsMatchingAcl,
  DescribeAcls,
  ErrorCode,
  KafkaError,
  kafkaErrorFor,
  PatternType,
  ResourceType,
} from '@lk/api';
import type { Cluster } from '@lk/client';
import { type AdminCallOptions, type EntryResult, settle } from './results.ts';

/** An ACL: who (`principal`, from `host`) may or may not do `operation` on which resources. */
export interface AclBinding {
  readonly resourceType: ResourceType;
  readonly resourceName: string;
  /** `LITERAL` (the default): this name; `PREFIXED`: every name starting with it. */
  readonly patternType?: PatternType;
  /** `User:alice`. */
  readonly principal: string;
  /** Default `*`: any host. */
  readonly host?: string;
  readonly operation: AclOperation;
  readonly permissionType: AclPermissionType;
}

/** An ACL as the broker describes it: every field present. */
export type DescribedAcl = Required<AclBinding>;

/**
 * Which ACLs {@link Admin.describeAcls} and {@link Admin.deleteAcls} match: each absent field
 * matches anything (`ResourceType.ANY`, `PatternType.ANY`, `AclOperation.ANY`...). `PatternType.MATCH`
 * matches every ACL that applies to `resourceName` (literal, prefixed and wildcard).
 */
export interface AclFilter {
  readonly resourceType?: ResourceType;
  readonly resourceName?: string;
  readonly patternType?: PatternType;
  readonly principal?: string;
  readonly host?: string;
  readonly operation?: AclOperation;
  readonly permissionType?: AclPermissionType;
}

/** The outcome of one ACL of {@link Admin.createAcls}. */
export interface CreatedAcl extends EntryResult {
  readonly acl: AclBinding;
}

/** The ACLs {@link Admin.describeAcls} found. */
export interface AclListing extends EntryResult {
  readonly acls: readonly DescribedAcl[];
}

/** The outcome of one filter of {@link Admin.deleteAcls}: the ACLs it deleted, each with its own error. */
export interface DeletedAcls extends EntryResult {
  readonly filter: AclFilter;
  readonly deleted: readonly (DescribedAcl & EntryResult)[];
}

const ANY_HOST = '*';
const subjectOfAcl = (a: AclBinding | AclFilter) =>
  `acl:${a.resourceType ?? ResourceType.ANY}:${a.resourceName ?? '*'}:${a.principal ?? '*'}:${a.operation ?? AclOperation.ANY}`;

/** An ACL of a DescribeAcls or DeleteAcls response, its numbers as lk's enums. */
function aclOf(a: Omit<DeleteAclsResponseDeleteAclsMatchingAcl, 'errorCode' | 'errorMessage'>): DescribedAcl {
  return {
    resourceType: a.resourceType as ResourceType,
    resourceName: a.resourceName,
    patternType: a.patternType as PatternType,
    principal: a.principal,
    host: a.host,
    operation: a.operation as AclOperation,
    permissionType: a.permissionType as AclPermissionType,
  };
}

function filterFields(f: AclFilter) {
  return {
    resourceTypeFilter: f.resourceType ?? ResourceType.ANY,
    resourceNameFilter: f.resourceName ?? null,
    patternTypeFilter: f.patternType ?? PatternType.ANY,
    principalFilter: f.principal ?? null,
    hostFilter: f.host ?? null,
    operation: f.operation ?? AclOperation.ANY,
    permissionType: f.permissionType ?? AclPermissionType.ANY,
  };
}

/**
 * Why `acl` cannot be created, or null: a filter-only value (ANY, MATCH, UNKNOWN) where an ACL needs
 * a concrete one. Kafka fails the whole CreateAcls request on such an entry (UNKNOWN_SERVER_ERROR
 * for every ACL in it), so lk answers that entry itself and sends the others.
 */
function notCreatable(acl: AclBinding): KafkaError | null {
  const problems: string[] = [];
  if (acl.resourceType === ResourceType.ANY || acl.resourceType === ResourceType.UNKNOWN)
    problems.push('resourceType');
  const pattern = acl.patternType ?? PatternType.LITERAL;
  if (pattern !== PatternType.LITERAL && pattern !== PatternType.PREFIXED) problems.push('patternType');
  if (acl.operation === AclOperation.ANY || acl.operation === AclOperation.UNKNOWN)
    problems.push('operation');
  if (acl.permissionType !== AclPermissionType.ALLOW && acl.permissionType !== AclPermissionType.DENY)
    problems.push('permissionType');
  if (problems.length === 0) return null;
  return new KafkaError(
    ErrorCode.INVALID_REQUEST,
    `an ACL needs a concrete ${problems.join(', ')} (ANY, MATCH and UNKNOWN only filter); not sent`,
  );
}

export async function createAcls(
  cluster: Cluster,
  acls: readonly AclBinding[],
  options: AdminCallOptions,
): Promise<CreatedAcl[]> {
  const { throwOnError, ...callOptions } = options;
  const refused = acls.map(notCreatable);
  const sent = acls.filter((_, i) => refused[i] === null);
  const response =
    sent.length === 0
      ? { results: [] }
      : await cluster.call(
          'any',
          CreateAcls,
          {
            creations: sent.map((a) => ({
              resourceType: a.resourceType,
              resourceName: a.resourceName,
              resourcePatternType: a.patternType ?? PatternType.LITERAL,
              principal: a.principal,
              host: a.host ?? ANY_HOST,
              operation: a.operation,
              permissionType: a.permissionType,
            })),
          },
          callOptions,
        );
  // One result per creation sent, in order.
  let next = 0;
  const results = acls.map((acl, i): CreatedAcl => {
    const own = refused[i];
    if (own) return { acl, error: own };
    const r = response.results[next++];
    if (r === undefined)
      return { acl, error: new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, 'not in the CreateAcls response') };
    return { acl, error: kafkaErrorFor(r.errorCode, r.errorMessage) };
  });
  return settle('createAcls', results, (r) => subjectOfAcl(r.acl), { throwOnError });
}

export async function describeAcls(
  cluster: Cluster,
  filter: AclFilter,
  options: AdminCallOptions,
): Promise<AclListing> {
  const { throwOnError, ...callOptions } = options;
  const response = await cluster.call('any', DescribeAcls, filterFields(filter), callOptions);
  const acls = response.resources.flatMap((r) => r.acls.map((a) => aclOf({ ...r, ...a })));
  const listing = { acls, error: kafkaErrorFor(response.errorCode, response.errorMessage) };
  settle('describeAcls', [listing], () => subjectOfAcl(filter), { throwOnError });
  return listing;
}

export async function deleteAcls(
  cluster: Cluster,
  filters: readonly AclFilter[],
  options: AdminCallOptions,
): Promise<DeletedAcls[]> {
  const { throwOnError, ...callOptions } = options;
  const response = await cluster.call('any', DeleteAcls, { filters: filters.map(filterFields) }, callOptions);
  const results = filters.map((filter, i): DeletedAcls => {
    const r = response.filterResults[i];
    return {
      filter,
      deleted: (r?.matchingAcls ?? []).map((m) => ({
        ...aclOf(m),
        error: kafkaErrorFor(m.errorCode, m.errorMessage),
      })),
      error: r ? kafkaErrorFor(r.errorCode, r.errorMessage) : null,
    };
  });
  return settle('deleteAcls', results, (r) => subjectOfAcl(r.filter), { throwOnError });
}
