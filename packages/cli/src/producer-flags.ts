// The producer flags `lk produce` and `lk perf produce` share: their --help and how they are read.
import { choiceFlag, type FlagSpecs, type FlagValues } from './args.ts';
import { COMPRESSIONS, compressor } from './codecs.ts';

/** --compression and --acks, as both producing commands declare them. */
export const PRODUCER_FLAGS: FlagSpecs = {
  compression: {
    type: 'string',
    short: 'z',
    value: 'CODEC',
    help: `${COMPRESSIONS.join(', ')} (default none)`,
  },
  acks: { type: 'string', value: 'ACKS', help: 'all (default), 1 or 0' },
};

const ACKS = { all: -1, '-1': -1, '0': 0, '1': 1 } as const;

/** The --acks flag as the producer's acks (default all = -1). */
export function acksFlag(flags: FlagValues): -1 | 0 | 1 {
  return ACKS[choiceFlag(flags, 'acks', ['all', '-1', '0', '1'] as const, 'all')];
}

/** The --compression flag as a codec (null for none). */
export function compressionFlag(flags: FlagValues): ReturnType<typeof compressor> {
  return compressor(choiceFlag(flags, 'compression', COMPRESSIONS, 'none'));
}
