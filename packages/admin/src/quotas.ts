import {
  AlterClientQuotas,
  DescribeClientQuotas,
  kafkaErrorFor,
  type QuotaEntityType,
  QuotaMatchType,
} from '@lk/api';
import type { Cluster } from '@lk/client';
import { type AdminCallOptions, type EntryResult, settle } from './results.ts';

/**
 * A quota entity: a name for each of its entity types, `null` for that type's default entity.
 * `{ user: 'alice', 'client-id': null }` is alice with any client id that has no quota of its own.
 */
export type QuotaEntity = { readonly [T in QuotaEntityType]?: string | null };

/** One part of a {@link Admin.describeClientQuotas} filter: an entity type and which of its names match. */
export type QuotaFilterComponent =
  | { readonly entityType: QuotaEntityType; readonly name: string }
  | { readonly entityType: QuotaEntityType; readonly default: true }
  | { readonly entityType: QuotaEntityType; readonly anyName: true };

/** Options of {@link Admin.describeClientQuotas}. */
export interface DescribeClientQuotasOptions extends Omit<AdminCallOptions, 'throwOnError'> {
  /** Only entities that have no entity type besides those in the filter. Default false. */
  strict?: boolean;
}

/** One entity of {@link Admin.describeClientQuotas} with its quotas (e.g. `producer_byte_rate`). */
export interface ClientQuotas {
  readonly entity: QuotaEntity;
  readonly quotas: Readonly<Record<string, number>>;
}

/** A change of {@link Admin.alterClientQuotas}. */
export interface ClientQuotaChange {
  readonly entity: QuotaEntity;
  /** Quotas to set. */
  readonly set?: Readonly<Record<string, number>>;
  /** Quotas to remove. */
  readonly remove?: readonly string[];
}

/** The outcome of one entity of {@link Admin.alterClientQuotas}. */
export interface AlteredClientQuotas extends EntryResult {
  readonly entity: QuotaEntity;
}

function entityOf(parts: readonly { entityType: string; entityName: string | null }[]): QuotaEntity {
  return Object.fromEntries(parts.map((p) => [p.entityType, p.entityName]));
}

function entityParts(entity: QuotaEntity): { entityType: string; entityName: string | null }[] {
  return Object.entries(entity)
    .filter(([, name]) => name !== undefined)
    .map(([entityType, name]) => ({ entityType, entityName: name ?? null }));
}

export async function describeClientQuotas(
  cluster: Cluster,
  filter: readonly QuotaFilterComponent[],
  options: DescribeClientQuotasOptions,
): Promise<ClientQuotas[]> {
  const { strict = false, ...callOptions } = options;
  const components = filter.map((c) => {
    if ('name' in c) return { entityType: c.entityType, matchType: QuotaMatchType.EXACT, match: c.name };
    if ('default' in c) return { entityType: c.entityType, matchType: QuotaMatchType.DEFAULT, match: null };
    return { entityType: c.entityType, matchType: QuotaMatchType.SPECIFIED, match: null };
  });
  const response = await cluster.call('any', DescribeClientQuotas, { components, strict }, callOptions);
  // The filter is one question: its error (e.g. INVALID_REQUEST for a bad filter) is the answer.
  const error = kafkaErrorFor(response.errorCode, response.errorMessage);
  if (error) throw error;
  return (response.entries ?? []).map((e) => ({
    entity: entityOf(e.entity),
    quotas: Object.fromEntries(e.values.map((v) => [v.key, v.value])),
  }));
}

export async function alterClientQuotas(
  cluster: Cluster,
  changes: readonly ClientQuotaChange[],
  options: AdminCallOptions & { validateOnly?: boolean },
): Promise<AlteredClientQuotas[]> {
  const { throwOnError, validateOnly = false, ...callOptions } = options;
  const response = await cluster.call(
    'any',
    AlterClientQuotas,
    {
      entries: changes.map((c) => ({
        entity: entityParts(c.entity),
        ops: [
          ...Object.entries(c.set ?? {}).map(([key, value]) => ({ key, value, remove: false })),
          ...(c.remove ?? []).map((key) => ({ key, value: 0, remove: true })),
        ],
      })),
      validateOnly,
    },
    callOptions,
  );
  const results = response.entries.map((e) => ({
    entity: entityOf(e.entity),
    error: kafkaErrorFor(e.errorCode, e.errorMessage),
  }));
  return settle('alterClientQuotas', results, (r) => `quota:${JSON.stringify(r.entity)}`, { throwOnError });
}
