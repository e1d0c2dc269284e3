import {
  ApiVersions,
  FeatureUpgradeType,
  kafkaErrorFor,
  UpdateFeatures,
  type UpdateFeaturesRequestFeatureUpdateKey,
} from '@lk/api';
import type { Cluster } from '@lk/client';
import { type AdminCallOptions, type EntryResult, settle } from './results.ts';

/** A feature of {@link Features}: the versions the broker supports, and the level finalized for the cluster. */
export interface Feature {
  readonly name: string;
  readonly supported: { readonly min: number; readonly max: number } | null;
  /** The cluster-wide level (e.g. `metadata.version`), null when not finalized. */
  readonly finalized: { readonly min: number; readonly max: number } | null;
}

/** What {@link Admin.describeFeatures} found (ApiVersions of one broker). */
export interface Features {
  /** The address of the broker that answered (`host:port`). */
  readonly broker: string;
  /** The epoch of the finalized levels, -1n when the broker has none. */
  readonly finalizedEpoch: bigint;
  readonly features: readonly Feature[];
}

export async function describeFeatures(
  cluster: Cluster,
  options: Omit<AdminCallOptions, 'throwOnError'>,
): Promise<Features> {
  // A fresh ApiVersions (finalized levels change); v3+ wants the client's software name, as at connect.
  const { clientSoftwareName, clientSoftwareVersion } = cluster.pool.options;
  const { response, connection } = await cluster.callRouted(
    'any',
    ApiVersions,
    { ...ApiVersions.newRequest(), clientSoftwareName, clientSoftwareVersion },
    options,
  );
  const error = kafkaErrorFor(response.errorCode);
  if (error) throw error;
  const names = new Set([
    ...response.supportedFeatures.map((f) => f.name),
    ...response.finalizedFeatures.map((f) => f.name),
  ]);
  const features = [...names].sort().map((name): Feature => {
    const supported = response.supportedFeatures.find((f) => f.name === name);
    const finalized = response.finalizedFeatures.find((f) => f.name === name);
    return {
      name,
      supported: supported ? { min: supported.minVersion, max: supported.maxVersion } : null,
      finalized: finalized ? { min: finalized.minVersionLevel, max: finalized.maxVersionLevel } : null,
    };
  });
  return { broker: connection.broker, finalizedEpoch: response.finalizedFeaturesEpoch, features };
}

/** A change of {@link Admin.updateFeatures}: a feature's new finalized (maximum) level. */
export interface FeatureUpdate {
  /** e.g. `metadata.version`, `transaction.version`, `group.version`. */
  readonly feature: string;
  /** The new level; 0 removes the feature's finalized level (a downgrade). */
  readonly level: number;
  /**
   * `FeatureUpgradeType.UPGRADE` (default: a lower level than now is refused),
   * `SAFE_DOWNGRADE` (refused where the broker would lose metadata) or `UNSAFE_DOWNGRADE`.
   * Before UpdateFeatures v1 (Kafka 3.2) either downgrade is sent as `allowDowngrade`.
   */
  readonly upgradeType?: FeatureUpgradeType;
}

/** Options of {@link Admin.updateFeatures}. */
export interface UpdateFeaturesOptions extends AdminCallOptions {
  /** Let the controller check the changes without applying them (UpdateFeatures v1+, Kafka 3.2+). Default false. */
  validateOnly?: boolean;
  /** Force a request version (default: the highest both sides speak). */
  version?: number;
}

/** The outcome of one feature of {@link Admin.updateFeatures}. */
export interface UpdatedFeature extends EntryResult {
  readonly feature: string;
}

/** How long the controller may take to apply the changes, unless `timeoutMs` says otherwise. */
const DEFAULT_UPDATE_TIMEOUT_MS = 60_000;

export async function updateFeatures(
  cluster: Cluster,
  updates: readonly FeatureUpdate[],
  options: UpdateFeaturesOptions,
): Promise<UpdatedFeature[]> {
  const { throwOnError, validateOnly = false, ...callOptions } = options;
  // v0 had one downgrade flag; v1 replaced it with the upgrade type. validateOnly at v0 is the
  // encoder's FieldVersionError: a check that would silently apply the change must not be sent.
  const request = (version: number) => ({
    ...UpdateFeatures.newRequest(),
    timeoutMs: options.timeoutMs ?? DEFAULT_UPDATE_TIMEOUT_MS,
    validateOnly,
    featureUpdates: updates.map((u): UpdateFeaturesRequestFeatureUpdateKey => {
      const upgradeType = u.upgradeType ?? FeatureUpgradeType.UPGRADE;
      return version >= 1
        ? { feature: u.feature, maxVersionLevel: u.level, allowDowngrade: false, upgradeType }
        : {
            feature: u.feature,
            maxVersionLevel: u.level,
            allowDowngrade: upgradeType !== FeatureUpgradeType.UPGRADE,
            upgradeType: FeatureUpgradeType.UPGRADE,
          };
    }),
  });
  // KRaft brokers forward UpdateFeatures to the active controller.
  const response = await cluster.call('any', UpdateFeatures, request, callOptions);
  // A request-wide error is every feature's (v2+ answers only that: no per-feature results).
  const requestError = kafkaErrorFor(response.errorCode, response.errorMessage);
  const results = updates.map((u): UpdatedFeature => {
    const answered = response.results.find((r) => r.feature === u.feature);
    const error =
      requestError ?? (answered ? kafkaErrorFor(answered.errorCode, answered.errorMessage) : null);
    return { feature: u.feature, error };
  });
  return settle('updateFeatures', results, (f) => `feature:${f.feature}`, { throwOnError });
}
