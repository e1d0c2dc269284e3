import type { AnyApi } from './define.ts';
import { ApiKey } from './generated/api-key.ts';
import { apiVersionRanges } from './generated/api-ranges.ts';
import { UnsupportedVersionError } from './version-errors.ts';

/** One entry of a broker's ApiVersions response. */
export interface BrokerApiRange {
  readonly apiKey: number;
  readonly minVersion: number;
  readonly maxVersion: number;
}

/**
 * Kafka 4.x still advertises Produce from v0 on broker listeners (a librdkafka workaround,
 * KAFKA-18659) but rejects v0-2 (KIP-896), so its real minimum is 3.
 */
const PRODUCE_REAL_MIN = 3;

/** The versions a broker really accepts for an API, correcting the Produce quirk. */
function brokerMin(apiKey: number, advertisedMin: number): number {
  return apiKey === ApiKey.Produce ? Math.max(advertisedMin, PRODUCE_REAL_MIN) : advertisedMin;
}

/** The highest version lk sends by default: an unstable latest version only on request. */
function ourMax(maxVersion: number, latestVersionUnstable: boolean, includeUnstable: boolean): number {
  return latestVersionUnstable && !includeUnstable ? maxVersion - 1 : maxVersion;
}

/** The highest version of `api` lk sends without opting in: below an unstable latest version. */
export function highestStableVersion(api: Pick<AnyApi, 'maxVersion' | 'latestVersionUnstable'>): number {
  return ourMax(api.maxVersion, api.latestVersionUnstable, false);
}

/**
 * For each API of a broker's ApiVersions answer that lk also knows, the highest version both
 * support (apiKey -> version). APIs without overlap are left out. Unstable latest versions are
 * skipped unless `includeUnstable` (a broker advertises them only with
 * `unstable.api.versions.enable=true`).
 */
export function negotiateVersions(
  broker: readonly BrokerApiRange[],
  options: { includeUnstable?: boolean } = {},
): Map<number, number> {
  const versions = new Map<number, number>();
  for (const range of broker) {
    // The ranges, not the definitions: negotiating must not pull every API's codecs into a bundle.
    const ours = apiVersionRanges[range.apiKey];
    if (ours === undefined) continue;
    const [minVersion, maxVersion, unstable] = ours;
    const low = Math.max(minVersion, brokerMin(range.apiKey, range.minVersion));
    const high = Math.min(ourMax(maxVersion, unstable, options.includeUnstable === true), range.maxVersion);
    if (low <= high) versions.set(range.apiKey, high);
  }
  return versions;
}

/**
 * The highest version of `api` that lk, the broker and the caller's `wanted` bounds all allow.
 * Throws UnsupportedVersionError when they do not overlap. A `wanted.max` above the stable range
 * opts into an unstable latest version.
 */
export function chooseVersion(
  api: AnyApi,
  broker: { minVersion: number; maxVersion: number },
  wanted: { min?: number; max?: number } = {},
): number {
  const includeUnstable = wanted.max !== undefined && wanted.max >= api.maxVersion;
  const low = Math.max(api.minVersion, brokerMin(api.apiKey, broker.minVersion), wanted.min ?? 0);
  const max = ourMax(api.maxVersion, api.latestVersionUnstable, includeUnstable);
  const high = Math.min(max, broker.maxVersion, wanted.max ?? Number.POSITIVE_INFINITY);
  if (low > high) {
    const detail =
      `no ${api.name} version in common: lk ${api.minVersion}-${max}, ` +
      `broker ${broker.minVersion}-${broker.maxVersion}` +
      (wanted.min !== undefined || wanted.max !== undefined
        ? `, wanted ${wanted.min ?? '*'}-${wanted.max ?? '*'}`
        : '');
    throw new UnsupportedVersionError(api.name, -1, low, high, detail);
  }
  return high;
}
