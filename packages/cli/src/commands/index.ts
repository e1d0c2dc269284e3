// Every command of `lk`, in the order --help lists them.
import type { Command } from '../command.ts';
import { ACL_COMMANDS } from './acls.ts';
import { call } from './call.ts';
import { CONFIG_COMMANDS } from './configs.ts';
import { consume } from './consume.ts';
import { GROUP_COMMANDS } from './groups.ts';
import { lag } from './lag.ts';
import { metadata } from './metadata.ts';
import { offsets } from './offsets.ts';
import { PERF_COMMANDS } from './perf.ts';
import { produce } from './produce.ts';
import { TOPIC_COMMANDS } from './topics.ts';

/** Every `lk` command, in the order `lk --help` lists them. */
export const COMMANDS: readonly Command[] = [
  produce,
  consume,
  metadata,
  ...TOPIC_COMMANDS,
  ...CONFIG_COMMANDS,
  ...GROUP_COMMANDS,
  ...ACL_COMMANDS,
  offsets,
  lag,
  call,
  ...PERF_COMMANDS,
];
