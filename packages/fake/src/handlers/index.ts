// The handler of each API key the fake serves, and the version ranges ApiVersions advertises.
import produce from './00-produce.ts';
import fetch from './01-fetch.ts';
import listOffsets from './02-list-offsets.ts';
import metadata from './03-metadata.ts';
import offsetCommit from './08-offset-commit.ts';
import offsetFetch from './09-offset-fetch.ts';
import findCoordinator from './10-find-coordinator.ts';
import joinGroup from './11-join-group.ts';
import heartbeat from './12-heartbeat.ts';
import leaveGroup from './13-leave-group.ts';
import syncGroup from './14-sync-group.ts';
import describeGroups from './15-describe-groups.ts';
import listGroups from './16-list-groups.ts';
import saslHandshake from './17-sasl-handshake.ts';
import apiVersions from './18-api-versions.ts';
import createTopics from './19-create-topics.ts';
import deleteTopics from './20-delete-topics.ts';
import initProducerId from './22-init-producer-id.ts';
import offsetForLeaderEpoch from './23-offset-for-leader-epoch.ts';
import describeConfigs from './32-describe-configs.ts';
import saslAuthenticate from './36-sasl-authenticate.ts';
import createPartitions from './37-create-partitions.ts';
import deleteGroups from './42-delete-groups.ts';
import incrementalAlterConfigs from './44-incremental-alter-configs.ts';
import consumerGroupHeartbeat from './68-consumer-group-heartbeat.ts';
import type { AnyHandler } from './handler.ts';

const HANDLERS: readonly AnyHandler[] = [
  describeConfigs,
  incrementalAlterConfigs,
  offsetCommit,
  offsetFetch,
  joinGroup,
  heartbeat,
  leaveGroup,
  syncGroup,
  describeGroups,
  listGroups,
  deleteGroups,
  consumerGroupHeartbeat,
  produce,
  fetch,
  listOffsets,
  metadata,
  findCoordinator,
  saslHandshake,
  apiVersions,
  createTopics,
  deleteTopics,
  initProducerId,
  offsetForLeaderEpoch,
  saslAuthenticate,
  createPartitions,
];

const byKey = new Map<number, AnyHandler>(HANDLERS.map((h) => [h.api.apiKey, h]));

export function handlerFor(apiKey: number): AnyHandler | undefined {
  return byKey.get(apiKey);
}

/** Every handler, in API key order. */
export function allHandlers(): readonly AnyHandler[] {
  return [...byKey.values()].sort((a, b) => a.api.apiKey - b.api.apiKey);
}

/** ApiVersions' list: exactly the versions implemented. */
export function advertised(): { apiKey: number; minVersion: number; maxVersion: number }[] {
  return allHandlers().map((h) => ({
    apiKey: h.api.apiKey,
    minVersion: h.advertisedMinVersion ?? h.minVersion,
    maxVersion: h.maxVersion,
  }));
}
