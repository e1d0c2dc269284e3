// UpdateFeatures against the shared broker. Nothing here changes the cluster's features (other
// files share the broker): changes are validated only (validateOnly) or refused by the controller.
/// <reference path="../../../tools/kafka/src/vitest-provide.d.ts" />
import { FeatureUpgradeType, FieldVersionError } from '@lk/api';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Admin, AdminError, type Feature } from '../src/index.ts';

const kafka = inject('kafka');
const admin = new Admin({ bootstrap: kafka.bootstrap });
afterAll(() => admin.close());
const kafka4 = kafka.version.startsWith('4.');
const METADATA_VERSION = 'metadata.version';

async function metadataVersion(): Promise<
  Feature & { finalized: { max: number }; supported: { max: number } }
> {
  const { features } = await admin.describeFeatures();
  const mv = features.find((f) => f.name === METADATA_VERSION);
  expect(mv?.finalized).not.toBeNull();
  expect(mv?.supported).not.toBeNull();
  return mv as Feature & { finalized: { max: number }; supported: { max: number } };
}

describe('updateFeatures', () => {
  it('validates metadata.version at its current level, and nothing changes', async () => {
    const before = await metadataVersion();
    const results = await admin.updateFeatures([{ feature: METADATA_VERSION, level: before.finalized.max }], {
      validateOnly: true,
      throwOnError: true,
    });
    expect(results).toEqual([{ feature: METADATA_VERSION, error: null }]);
    expect((await metadataVersion()).finalized).toEqual(before.finalized);
  });

  it('the controller refuses a level beyond the supported one and a downgrade sent as an upgrade', async () => {
    const mv = await metadataVersion();
    // Sent for real (not validateOnly): the controller refuses both, so nothing changes.
    const [beyond] = await admin.updateFeatures([{ feature: METADATA_VERSION, level: mv.supported.max + 1 }]);
    expect(beyond?.error?.errorName).toBe('INVALID_UPDATE_VERSION');
    expect(beyond?.error?.message).toContain(
      `only supports versions ${mv.supported.min}-${mv.supported.max}`,
    );
    const [down] = await admin.updateFeatures([{ feature: METADATA_VERSION, level: mv.finalized.max - 1 }]);
    expect(down?.error?.errorName).toBe('INVALID_UPDATE_VERSION');
    expect(down?.error?.message).toContain("Can't downgrade");
    expect((await metadataVersion()).finalized).toEqual(mv.finalized);
  });

  it('a safe downgrade of metadata.version: 4.x refuses it even to validate, 3.9 validates it', async () => {
    const mv = await metadataVersion();
    const [safe] = await admin.updateFeatures(
      [
        {
          feature: METADATA_VERSION,
          level: mv.finalized.max - 1,
          upgradeType: FeatureUpgradeType.SAFE_DOWNGRADE,
        },
      ],
      { validateOnly: true },
    );
    if (kafka4) {
      expect(safe?.error?.errorName).toBe('INVALID_UPDATE_VERSION');
      expect(safe?.error?.message).toContain('might delete metadata information');
    } else expect(safe?.error).toBeNull();
    expect((await metadataVersion()).finalized).toEqual(mv.finalized);
  });

  it('validates a downgrade to 0 of another feature (4.x: group.version; 3.9: kraft.version)', async () => {
    const feature = kafka4 ? 'group.version' : 'kraft.version';
    const { features } = await admin.describeFeatures();
    expect(features.map((f) => f.name)).toContain(feature);
    const results = await admin.updateFeatures(
      [{ feature, level: 0, upgradeType: FeatureUpgradeType.SAFE_DOWNGRADE }],
      { validateOnly: true, throwOnError: true },
    );
    expect(results).toEqual([{ feature, error: null }]);
  });

  it('an unknown feature is its INVALID_UPDATE_VERSION, or one AdminError with throwOnError', async () => {
    const update = [{ feature: 'no.such.feature', level: 1 }];
    const [unknown] = await admin.updateFeatures(update, { validateOnly: true });
    expect(unknown?.error?.errorName).toBe('INVALID_UPDATE_VERSION');
    expect(unknown?.error?.message).toContain('does not support this feature');
    const thrown = await admin
      .updateFeatures(update, { validateOnly: true, throwOnError: true })
      .catch((e) => e);
    expect(thrown).toBeInstanceOf(AdminError);
    expect((thrown as AdminError).failures.map((f) => f.subject)).toEqual(['feature:no.such.feature']);
  });

  it('validateOnly cannot be sent at v0 (it would apply the change): FieldVersionError', async () => {
    const mv = await metadataVersion();
    const thrown = await admin
      .updateFeatures([{ feature: METADATA_VERSION, level: mv.finalized.max }], {
        validateOnly: true,
        version: 0,
      })
      .catch((e) => e);
    expect(thrown).toBeInstanceOf(FieldVersionError);
    expect((thrown as FieldVersionError).field).toBe('UpdateFeaturesRequest.validateOnly');
  });
});
