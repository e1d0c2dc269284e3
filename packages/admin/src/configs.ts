import {
  AlterConfigOpType,
  ConfigResourceType,
  type ConfigSource,
  type ConfigType,
  DescribeConfigs,
  IncrementalAlterConfigs,
  kafkaErrorFor,
} from '@lk/api';
import type { Cluster, Target } from '@lk/client';
import { type AdminCallOptions, type EntryResult, settle } from './results.ts';

/**
 * A config resource: `{ type: ConfigResourceType.TOPIC, name: 'events' }`, a broker
 * (`ConfigResourceType.BROKER`, name = its node id, `''` for the cluster-wide default) or a group
 * (`ConfigResourceType.GROUP`, Kafka 4.0+).
 */
export interface ConfigResource {
  readonly type: ConfigResourceType;
  readonly name: string;
}

/** One config synonym: the value it would have from a lower-precedence source. */
export interface ConfigSynonym {
  readonly name: string;
  readonly value: string | null;
  readonly source: ConfigSource;
}

/** One config of a {@link ConfigDescription}. */
export interface ConfigEntry {
  readonly name: string;
  /** Null when sensitive. */
  readonly value: string | null;
  readonly source: ConfigSource;
  readonly readOnly: boolean;
  readonly sensitive: boolean;
  readonly type: ConfigType;
  /** The values from the other sources, most significant first (with `synonyms: true`). */
  readonly synonyms: readonly ConfigSynonym[];
  /** Only with `documentation: true`. */
  readonly documentation: string | null;
}

/** The outcome of one resource of {@link Admin.describeConfigs}. */
export interface ConfigDescription extends EntryResult, ConfigResource {
  readonly configs: readonly ConfigEntry[];
}

/** Options of {@link Admin.describeConfigs}. */
export interface DescribeConfigsOptions extends AdminCallOptions {
  /** Only these config names (default: all). */
  names?: readonly string[];
  /** Include each config's synonyms. Default false. */
  synonyms?: boolean;
  /** Include each config's documentation. Default false. */
  documentation?: boolean;
}

/** The changes to one resource of {@link Admin.alterConfigs}. */
export interface ConfigChange extends ConfigResource {
  /** Configs to set. */
  set?: Record<string, string>;
  /** Configs to remove (back to the default). */
  delete?: readonly string[];
  /** Values to add to list configs. */
  append?: Record<string, string>;
  /** Values to remove from list configs. */
  subtract?: Record<string, string>;
}

/** The outcome of one resource of {@link Admin.alterConfigs}. */
export interface AlteredConfig extends EntryResult, ConfigResource {}

/** Options of {@link Admin.alterConfigs}. */
export interface AlterConfigsOptions extends AdminCallOptions {
  /** Only validate the changes on the broker. Default false. */
  validateOnly?: boolean;
}

const subjectOf = (r: ConfigResource) => `config:${r.type}:${r.name}`;

// A broker's own configs are answered only by that broker; everything else by any broker.
function targetOf(resource: ConfigResource): Target {
  return resource.type === ConfigResourceType.BROKER && resource.name !== ''
    ? { node: Number(resource.name) }
    : 'any';
}

/** One request per broker that must answer for some of the resources, in parallel; the answers in order. */
async function perTarget<R extends ConfigResource, T>(
  resources: readonly R[],
  send: (target: Target, resources: R[]) => Promise<T[]>,
): Promise<T[]> {
  const groups = new Map<string, { target: Target; resources: R[] }>();
  for (const resource of resources) {
    const target = targetOf(resource);
    const key = JSON.stringify(target);
    const group = groups.get(key) ?? { target, resources: [] };
    group.resources.push(resource);
    groups.set(key, group);
  }
  const answers = await Promise.all([...groups.values()].map((g) => send(g.target, g.resources)));
  return answers.flat();
}

/** The resource and error of one entry of a DescribeConfigs or IncrementalAlterConfigs response. */
function resourceOutcome(r: {
  resourceType: number;
  resourceName: string;
  errorCode: number;
  errorMessage: string | null;
}): AlteredConfig {
  return {
    type: r.resourceType as ConfigResourceType,
    name: r.resourceName,
    error: kafkaErrorFor(r.errorCode, r.errorMessage),
  };
}

export async function describeConfigs(
  cluster: Cluster,
  resources: readonly ConfigResource[],
  options: DescribeConfigsOptions,
): Promise<ConfigDescription[]> {
  const { throwOnError, names, synonyms = false, documentation = false, ...callOptions } = options;
  const answers = await perTarget(resources, async (target, mine) => {
    const response = await cluster.call(
      target,
      DescribeConfigs,
      {
        resources: mine.map((r) => ({
          resourceType: r.type,
          resourceName: r.name,
          configurationKeys: names ? [...names] : null,
        })),
        includeSynonyms: synonyms,
        includeDocumentation: documentation,
      },
      callOptions,
    );
    return response.results;
  });
  const results = answers.map(
    (r): ConfigDescription => ({
      ...resourceOutcome(r),
      configs: r.configs.map((c) => ({
        name: c.name,
        value: c.value,
        source: c.configSource as ConfigSource,
        readOnly: c.readOnly,
        sensitive: c.isSensitive,
        type: c.configType as ConfigType,
        synonyms: c.synonyms.map((s) => ({ name: s.name, value: s.value, source: s.source as ConfigSource })),
        documentation: c.documentation,
      })),
    }),
  );
  return settle('describeConfigs', results, subjectOf, { throwOnError });
}

function operations(change: ConfigChange) {
  const ops: { name: string; configOperation: AlterConfigOpType; value: string | null }[] = [];
  const add = (values: Record<string, string> | undefined, op: AlterConfigOpType) => {
    for (const [name, value] of Object.entries(values ?? {})) ops.push({ name, configOperation: op, value });
  };
  add(change.set, AlterConfigOpType.SET);
  for (const name of change.delete ?? [])
    ops.push({ name, configOperation: AlterConfigOpType.DELETE, value: null });
  add(change.append, AlterConfigOpType.APPEND);
  add(change.subtract, AlterConfigOpType.SUBTRACT);
  return ops;
}

export async function alterConfigs(
  cluster: Cluster,
  changes: readonly ConfigChange[],
  options: AlterConfigsOptions,
): Promise<AlteredConfig[]> {
  const { throwOnError, validateOnly = false, ...callOptions } = options;
  const answers = await perTarget(changes, async (target, resources) => {
    const response = await cluster.call(
      target,
      IncrementalAlterConfigs,
      {
        resources: resources.map((r) => ({
          resourceType: r.type,
          resourceName: r.name,
          configs: operations(r),
        })),
        validateOnly,
      },
      callOptions,
    );
    return response.responses;
  });
  const results = answers.map(resourceOutcome);
  return settle('alterConfigs', results, subjectOf, { throwOnError });
}
