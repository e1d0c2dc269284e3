// The every-version walk over the client APIs, as ordered steps: the broker integration test (4.3.1,
// and 3.9.2 in CI's compatibility pass) runs each step as a test, and scripts/capture-fixtures.ts
// runs them to record the broker's answers.
import assert from 'node:assert/strict';
import {
  type ApiDefinition,
  ApiVersions,
  CreateTopics,
  DeleteTopics,
  Fetch,
  FindCoordinator,
  Heartbeat,
  JoinGroup,
  ListOffsets,
  Metadata,
  OffsetCommit,
  OffsetFetch,
  Produce,
  SyncGroup,
} from '../../src/index.ts';
import type { BrokerConnection } from './broker-connection.ts';
import * as scenario from './scenarios.ts';

/** A broker's advertised range per API key. */
export type Advertised = ReadonlyMap<number, { minVersion: number; maxVersion: number }>;

/** Versions of `api` that both the broker advertises and the spec defines (Produce from 3), low to high. */
// biome-ignore lint/suspicious/noExplicitAny: any API
export function sharedVersions(api: ApiDefinition<any, any>, advertised: Advertised): number[] {
  const range = advertised.get(api.apiKey);
  assert.ok(range, `${api.name} is advertised`);
  const versions: number[] = [];
  const low = Math.max(range.minVersion, api.minVersion, api === Produce ? 3 : 0);
  for (let v = low; v <= Math.min(range.maxVersion, api.maxVersion); v++) versions.push(v);
  assert.ok(versions.length > 0, `${api.name} has a version in common`);
  return versions;
}

export interface Step {
  name: string;
  run(): Promise<void>;
}

/** The steps, in order; each depends on the ones before (topic, records, group membership). */
export function allVersionSteps(connection: () => BrokerConnection, advertised: () => Advertised): Step[] {
  const run = Date.now().toString(36);
  const state = scenario.newState(`lk-api-all-${run}`);
  const each = async (api: ApiDefinition<unknown, unknown>, body: (version: number) => Promise<unknown>) => {
    for (const version of sharedVersions(api, advertised())) await body(version);
  };
  const lastCreate = () =>
    Math.min(CreateTopics.maxVersion, advertised().get(CreateTopics.apiKey)!.maxVersion);
  return [
    { name: 'ApiVersions', run: () => each(ApiVersions, (v) => scenario.apiVersions(connection(), v)) },
    {
      name: 'CreateTopics creates a new topic (error 0)',
      run: async () => {
        await each(CreateTopics, (v) =>
          scenario.createTopic(
            connection(),
            v,
            v === lastCreate() ? state.topic : `${state.topic}-create-v${v}`,
          ),
        );
        await scenario.waitForLeader(connection(), state);
      },
    },
    {
      name: 'Metadata describes the topic',
      run: () => each(Metadata, (v) => scenario.metadata(connection(), v, state)),
    },
    {
      name: 'Produce appends, base offsets advance',
      run: () => each(Produce, (v) => scenario.produce(connection(), v, state)),
    },
    {
      name: 'Fetch returns the produced batches',
      run: () => each(Fetch, (v) => scenario.fetch(connection(), v, state)),
    },
    {
      name: 'ListOffsets finds the latest offset',
      run: () => each(ListOffsets, (v) => scenario.listOffsets(connection(), v, state)),
    },
    {
      name: 'FindCoordinator finds the group coordinator',
      run: () =>
        each(FindCoordinator, (v) => scenario.findCoordinator(connection(), v, `lk-api-${run}-find-${v}`)),
    },
    {
      name: 'JoinGroup makes the only member the leader',
      run: () =>
        each(JoinGroup, (v) => scenario.joinGroup(connection(), v, state, `lk-api-${run}-join-${v}`)),
    },
    {
      name: 'SyncGroup hands the leader its assignment',
      run: () =>
        each(SyncGroup, async (v) => {
          await scenario.joinGroup(connection(), JoinGroup.maxVersion, state, `lk-api-${run}-sync-${v}`);
          await scenario.syncGroup(connection(), v, state);
        }),
    },
    {
      name: 'Heartbeat keeps the member',
      run: () => each(Heartbeat, (v) => scenario.heartbeat(connection(), v, state)),
    },
    {
      name: 'OffsetCommit commits',
      run: () => each(OffsetCommit, (v) => scenario.offsetCommit(connection(), v, state)),
    },
    {
      name: 'OffsetFetch reads the commit back',
      run: () => each(OffsetFetch, (v) => scenario.offsetFetch(connection(), v, state)),
    },
    {
      name: 'DeleteTopics deletes a topic (error 0)',
      run: () =>
        each(DeleteTopics, async (v) => {
          const name = `${state.topic}-delete-v${v}`;
          await scenario.createTopic(connection(), lastCreate(), name);
          await scenario.deleteTopic(connection(), v, name);
        }),
    },
  ];
}
