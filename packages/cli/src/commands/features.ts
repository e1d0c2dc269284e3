// lk features describe|update: finalized feature levels (metadata.version, ...), through @lk/admin.
import { FeatureUpgradeType } from '@lk/api';
import { printJson, reportFailures, withAdmin } from '../admin-session.ts';
import { choiceFlag } from '../args.ts';
import type { Command } from '../command.ts';
import { UsageError } from '../errors.ts';
import { renderTable } from '../table.ts';

const range = (r: { min: number; max: number } | null) => (r === null ? '-' : `${r.min}-${r.max}`);

export const featuresDescribe: Command = {
  name: 'features describe',
  summary: 'the feature levels a broker supports and the ones finalized for the cluster',
  args: '',
  connects: true,
  flags: { json: { type: 'boolean', short: 'J', help: 'print JSON' } },
  examples: ['lk features describe', 'lk features describe -J'],
  async run(ctx) {
    if (ctx.args.positionals.length > 0)
      throw new UsageError(`unexpected argument '${ctx.args.positionals[0]}'`);
    const features = await withAdmin(ctx, (a) => a.describeFeatures());
    if (ctx.args.flags.json === true) printJson(ctx, features);
    else {
      ctx.io.stdout.write(
        renderTable(
          ['feature', 'supported', 'finalized'],
          features.features.map((f) => [
            f.name,
            range(f.supported),
            f.finalized ? String(f.finalized.max) : '-',
          ]),
        ),
      );
    }
    return 0;
  },
};

const DOWNGRADES = {
  safe: FeatureUpgradeType.SAFE_DOWNGRADE,
  unsafe: FeatureUpgradeType.UNSAFE_DOWNGRADE,
} as const;

export const featuresUpdate: Command = {
  name: 'features update',
  summary: 'upgrade or downgrade finalized feature levels (the controller checks them)',
  args: 'FEATURE=LEVEL...',
  connects: true,
  flags: {
    downgrade: {
      type: 'string',
      value: 'safe|unsafe',
      help: 'allow a lower level than now: safe (no metadata lost) or unsafe (default: upgrades only)',
    },
    'validate-only': { type: 'boolean', help: 'let the controller check the change, apply nothing' },
  },
  details: ['LEVEL 0 removes the feature (a downgrade). A refused change exits 1 with the reason.'],
  examples: [
    'lk features update metadata.version=27 --validate-only',
    'lk features update group.version=0 --downgrade safe',
  ],
  async run(ctx) {
    if (ctx.args.positionals.length === 0) throw new UsageError('missing FEATURE=LEVEL');
    const downgrade = choiceFlag(ctx.args.flags, 'downgrade', ['safe', 'unsafe', 'none'], 'none');
    const upgradeType = downgrade === 'none' ? FeatureUpgradeType.UPGRADE : DOWNGRADES[downgrade];
    const updates = ctx.args.positionals.map((arg) => {
      const match = /^([^=]+)=(\d+)$/.exec(arg);
      if (match === null || Number(match[2]) > 32_767)
        throw new UsageError(`expected FEATURE=LEVEL (a level from 0 to 32767), got '${arg}'`);
      return { feature: match[1]!, level: Number(match[2]), upgradeType };
    });
    const validateOnly = ctx.args.flags['validate-only'] === true;
    const results = await withAdmin(ctx, (a) => a.updateFeatures(updates, { validateOnly }));
    for (const r of results) {
      if (r.error !== null) continue;
      const level = updates.find((u) => u.feature === r.feature)?.level;
      ctx.log.info(
        validateOnly ? `${r.feature}=${level} would be accepted` : `${r.feature} is now at level ${level}`,
      );
    }
    return reportFailures(ctx, results, (r) => `feature ${r.feature}`);
  },
};

export const FEATURE_COMMANDS = [featuresDescribe, featuresUpdate];
