// Every command of `lk`, in the order --help lists them.
import type { Command } from '../command.ts';
import { ACL_COMMANDS } from './acls.ts';
import { call } from './call.ts';
import { CLUSTER_COMMANDS } from './cluster.ts';
import { CONFIG_COMMANDS } from './configs.ts';
import { consume } from './consume.ts';
import { FEATURE_COMMANDS } from './features.ts';
import { GROUP_OFFSET_COMMANDS } from './group-offsets.ts';
import { GROUP_COMMANDS } from './groups.ts';
import { lag } from './lag.ts';
import { metadata } from './metadata.ts';
import { offsets } from './offsets.ts';
import { PERF_COMMANDS } from './perf.ts';
import { produce } from './produce.ts';
import { QUOTA_COMMANDS } from './quotas.ts';
import { SCRAM_COMMANDS } from './scram.ts';
import { TOPIC_PARTITION_COMMANDS } from './topic-partitions.ts';
import { TOPIC_COMMANDS } from './topics.ts';

/** Every `lk` command, in the order `lk --help` lists them. */
export const COMMANDS: readonly Command[] = [
  produce,
  consume,
  metadata,
  ...TOPIC_COMMANDS,
  ...TOPIC_PARTITION_COMMANDS,
  ...CONFIG_COMMANDS,
  ...GROUP_COMMANDS,
  ...GROUP_OFFSET_COMMANDS,
  ...CLUSTER_COMMANDS,
  ...FEATURE_COMMANDS,
  ...ACL_COMMANDS,
  ...SCRAM_COMMANDS,
  ...QUOTA_COMMANDS,
  offsets,
  lag,
  call,
  ...PERF_COMMANDS,
];
