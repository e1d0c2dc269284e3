// Maintenance tool, not a test: records a real broker's answers to the requests the clients send
// that packages/api's fixtures lack (InitProducerId, SASL, KIP-848 and share groups, and what
// @lk/consumer and @lk/admin add: OffsetForLeaderEpoch, ListGroups, DescribeGroups, DeleteGroups,
// DescribeConfigs, IncrementalAlterConfigs, CreatePartitions, DeleteRecords, DescribeCluster,
// DescribeLogDirs, the ACL, SCRAM and client-quota APIs, ConsumerGroupDescribe, OffsetDelete) into
// fixtures/broker-responses.json, for the fuzz run to mutate. Starts Kafka 4.3.1 with the
// authorizer on (so the ACL calls get real answers, not SECURITY_DISABLED) unless LK_BOOTSTRAP
// (PLAINTEXT) and LK_BOOTSTRAP_SASL are set.
//
//   node --conditions=@lk/source tools/fuzz/src/capture.ts
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AclOperation,
  AclPermissionType,
  AlterClientQuotas,
  AlterConfigOpType,
  AlterUserScramCredentials,
  type ApiDefinition,
  ConfigResourceType,
  ConsumerGroupDescribe,
  ConsumerGroupHeartbeat,
  CreateAcls,
  CreatePartitions,
  DeleteAcls,
  DeleteGroups,
  DeleteRecords,
  DescribeAcls,
  DescribeClientQuotas,
  DescribeCluster,
  DescribeConfigs,
  DescribeGroups,
  DescribeLogDirs,
  DescribeUserScramCredentials,
  encodeRequestFrame,
  IncrementalAlterConfigs,
  InitProducerId,
  LeaveGroup,
  ListGroups,
  OffsetDelete,
  OffsetForLeaderEpoch,
  PatternType,
  QuotaEntityType,
  QuotaMatchType,
  ResourceType,
  SaslAuthenticate,
  SaslHandshake,
  ScramMechanism,
  ShareFetch,
  ShareGroupHeartbeat,
} from '@lk/api';
import { BootstrapClient, type Connection, GroupClient, openConnection, parseAddress } from '@lk/client';
import { encodeAssignment, encodeSubscription } from '@lk/consumer';
import { DEFAULT_USERS, startKafka } from '@lk/kafka-harness';

interface Fixture {
  api: string;
  apiKey: number;
  version: number;
  /** The response frame without its size prefix: header, then body. */
  frame: string;
}

const cluster = process.env.LK_BOOTSTRAP
  ? null
  : await startKafka({ version: '4.3.1', nodes: 1, authorizer: true });
const plaintext = (process.env.LK_BOOTSTRAP ?? cluster!.bootstrap).split(',')[0]!;
const sasl = (process.env.LK_BOOTSTRAP_SASL ?? cluster!.bootstraps.saslPlaintext).split(',')[0]!;
const fixtures: Fixture[] = [];

/** Sends `request` at `version` and keeps the raw answer. */
async function capture<Req>(
  connection: Connection,
  api: ApiDefinition<Req, unknown>,
  version: number,
  request: Req,
) {
  const correlationId = connection.nextCorrelationId();
  const frame = encodeRequestFrame(api, version, correlationId, 'lk-fuzz-capture', request);
  const answer = await connection.roundTrip(frame, {
    correlationId,
    apiKey: api.apiKey,
    apiVersion: version,
  });
  fixtures.push({ api: api.name, apiKey: api.apiKey, version, frame: Buffer.from(answer).toString('hex') });
}

/** Every version both sides support. */
function versions(connection: Connection, api: ApiDefinition<unknown, unknown>): number[] {
  const top = connection.versionOf(api);
  const out: number[] = [];
  for (let v = api.minVersion; v <= top; v++) out.push(v);
  return out;
}

try {
  const topic = `fuzz-capture-${randomUUID().slice(0, 8)}`;
  await new BootstrapClient(plaintext).createTopic(topic, { numPartitions: 1, replicationFactor: 1 });
  const connection = await openConnection(parseAddress(plaintext));
  for (const v of versions(connection, InitProducerId)) {
    await capture(connection, InitProducerId, v, {
      ...InitProducerId.newRequest(),
      transactionalId: null,
      transactionTimeoutMs: 60_000,
    });
  }
  for (const v of versions(connection, ConsumerGroupHeartbeat)) {
    await capture(connection, ConsumerGroupHeartbeat, v, {
      ...ConsumerGroupHeartbeat.newRequest(),
      groupId: `fuzz-${v}-${randomUUID().slice(0, 8)}`,
      memberId: randomUUID(),
      rebalanceTimeoutMs: 30_000,
      subscribedTopicNames: [topic],
      topicPartitions: [],
    });
  }
  for (const v of versions(connection, ShareGroupHeartbeat)) {
    await capture(connection, ShareGroupHeartbeat, v, {
      ...ShareGroupHeartbeat.newRequest(),
      groupId: `fuzz-share-${v}`,
      memberId: randomUUID(),
      subscribedTopicNames: [topic],
    });
  }
  for (const v of versions(connection, ShareFetch)) {
    await capture(connection, ShareFetch, v, {
      ...ShareFetch.newRequest(),
      groupId: `fuzz-share-${v}`,
      memberId: randomUUID(),
      maxWaitMs: 10,
      minBytes: 1,
      maxBytes: 1 << 20,
      maxRecords: 100,
      batchSize: 100,
    });
  }
  for (const v of versions(connection, LeaveGroup)) {
    await capture(connection, LeaveGroup, v, {
      ...LeaveGroup.newRequest(),
      groupId: 'fuzz-nobody',
      // v3+ name the members leaving, v0-2 the one that asks.
      memberId: v < 3 ? 'nobody' : '',
      members: v < 3 ? [] : [{ memberId: 'nobody', groupInstanceId: null, reason: null }],
    });
  }
  for (const v of versions(connection, OffsetForLeaderEpoch)) {
    await capture(connection, OffsetForLeaderEpoch, v, {
      ...OffsetForLeaderEpoch.newRequest(),
      replicaId: -1,
      topics: [
        {
          topic,
          partitions: [0, 1].map((partition) => ({ partition, currentLeaderEpoch: -1, leaderEpoch: 0 })),
        },
      ],
    });
  }
  // A classic group with a member whose metadata and assignment are the consumer protocol's, and
  // one committed offset: what DescribeGroups, ListGroups and DeleteGroups answer about.
  const groupId = `fuzz-group-${randomUUID().slice(0, 8)}`;
  const member = new GroupClient({ bootstrap: plaintext, groupId });
  const subscription = {
    topics: [topic],
    userData: null,
    ownedPartitions: [],
    generationId: -1,
    rackId: 'r1',
  };
  await member.join({
    sessionTimeoutMs: 30_000,
    protocols: [{ name: 'range', metadata: encodeSubscription(subscription) }],
  });
  await member.sync([
    {
      memberId: member.memberId,
      assignment: encodeAssignment({ partitions: [{ topic, partitions: [0] }], userData: null }),
    },
  ]);
  await member.commit([{ topic, partition: 0, offset: 0n }]);
  for (const v of versions(connection, DescribeGroups)) {
    await capture(connection, DescribeGroups, v, {
      ...DescribeGroups.newRequest(),
      groups: [groupId, 'fuzz-nobody'],
      includeAuthorizedOperations: v >= 3,
    });
  }
  for (const v of versions(connection, ListGroups)) {
    await capture(connection, ListGroups, v, ListGroups.newRequest());
  }
  // The first heartbeats above may meet a coordinator still loading (NOT_COORDINATOR); by now it
  // is up, so this member joins and gets an assignment, and ConsumerGroupDescribe has one to show.
  const memberGroup = `fuzz-848-${randomUUID().slice(0, 8)}`;
  await capture(connection, ConsumerGroupHeartbeat, connection.versionOf(ConsumerGroupHeartbeat), {
    ...ConsumerGroupHeartbeat.newRequest(),
    groupId: memberGroup,
    memberId: randomUUID(),
    rebalanceTimeoutMs: 30_000,
    subscribedTopicNames: [topic],
    topicPartitions: [],
  });
  for (const v of versions(connection, ConsumerGroupDescribe)) {
    await capture(connection, ConsumerGroupDescribe, v, {
      ...ConsumerGroupDescribe.newRequest(),
      groupIds: [memberGroup, groupId, 'fuzz-nobody'],
      includeAuthorizedOperations: true,
    });
  }
  await member.leave();
  member.close();
  for (const v of versions(connection, OffsetDelete)) {
    // The first deletes the empty group's offset; partition 1 was never committed.
    await capture(connection, OffsetDelete, v, {
      ...OffsetDelete.newRequest(),
      groupId,
      topics: [{ name: topic, partitions: [{ partitionIndex: 0 }, { partitionIndex: 1 }] }],
    });
  }
  for (const v of versions(connection, DeleteGroups)) {
    // The first deletes the (now empty) group; later versions answer GROUP_ID_NOT_FOUND.
    await capture(connection, DeleteGroups, v, {
      ...DeleteGroups.newRequest(),
      groupsNames: [groupId, 'fuzz-nobody'],
    });
  }
  for (const v of versions(connection, DescribeConfigs)) {
    await capture(connection, DescribeConfigs, v, {
      ...DescribeConfigs.newRequest(),
      resources: [
        { resourceType: ConfigResourceType.TOPIC, resourceName: topic, configurationKeys: null },
        {
          resourceType: ConfigResourceType.BROKER,
          resourceName: '1',
          configurationKeys: ['log.retention.ms'],
        },
      ],
      includeSynonyms: v >= 1,
      includeDocumentation: v >= 3,
    });
  }
  for (const v of versions(connection, IncrementalAlterConfigs)) {
    await capture(connection, IncrementalAlterConfigs, v, {
      ...IncrementalAlterConfigs.newRequest(),
      resources: [
        {
          resourceType: ConfigResourceType.TOPIC,
          resourceName: topic,
          configs: [
            { name: 'retention.ms', configOperation: AlterConfigOpType.SET, value: String(3_600_000 + v) },
          ],
        },
        {
          resourceType: ConfigResourceType.TOPIC,
          resourceName: 'fuzz-no-such-topic',
          configs: [{ name: 'retention.ms', configOperation: AlterConfigOpType.DELETE, value: null }],
        },
      ],
    });
  }
  for (const v of versions(connection, CreatePartitions)) {
    await capture(connection, CreatePartitions, v, {
      ...CreatePartitions.newRequest(),
      topics: [
        { name: topic, count: 2 + v, assignments: null },
        { name: 'fuzz-no-such-topic', count: 3, assignments: null },
      ],
      timeoutMs: 10_000,
      validateOnly: false,
    });
  }
  for (const v of versions(connection, DeleteRecords)) {
    await capture(connection, DeleteRecords, v, {
      ...DeleteRecords.newRequest(),
      topics: [
        {
          name: topic,
          partitions: [
            { partitionIndex: 0, offset: 0n },
            { partitionIndex: 99, offset: 0n },
          ],
        },
      ],
      timeoutMs: 10_000,
    });
  }
  for (const v of versions(connection, DescribeCluster)) {
    await capture(connection, DescribeCluster, v, {
      ...DescribeCluster.newRequest(),
      includeClusterAuthorizedOperations: true,
    });
  }
  for (const v of versions(connection, DescribeLogDirs)) {
    await capture(connection, DescribeLogDirs, v, {
      ...DescribeLogDirs.newRequest(),
      topics: [{ topic, partitions: [0, 1, 99] }],
    });
  }
  // ACLs (the authorizer is on): two bindings per version.
  const acl = (v: number) => ({
    resourceType: ResourceType.TOPIC,
    resourceName: topic,
    resourcePatternType: PatternType.LITERAL,
    principal: `User:fuzz-${v}`,
    host: '*',
    operation: AclOperation.READ,
    permissionType: AclPermissionType.ALLOW,
  });
  for (const v of versions(connection, CreateAcls)) {
    await capture(connection, CreateAcls, v, {
      ...CreateAcls.newRequest(),
      creations: [acl(v), { ...acl(v), operation: AclOperation.WRITE, host: '127.0.0.1' }],
    });
  }
  const aclFilter = {
    resourceTypeFilter: ResourceType.TOPIC,
    resourceNameFilter: topic,
    patternTypeFilter: PatternType.ANY,
    principalFilter: null,
    hostFilter: null,
    operation: AclOperation.ANY,
    permissionType: AclPermissionType.ANY,
  };
  for (const v of versions(connection, DescribeAcls)) {
    await capture(connection, DescribeAcls, v, { ...DescribeAcls.newRequest(), ...aclFilter });
  }
  for (const v of versions(connection, DeleteAcls)) {
    // The first deletes them all; later versions match nothing.
    await capture(connection, DeleteAcls, v, {
      ...DeleteAcls.newRequest(),
      filters: [
        aclFilter,
        { ...aclFilter, resourceTypeFilter: ResourceType.GROUP, resourceNameFilter: null },
      ],
    });
  }
  for (const v of versions(connection, AlterUserScramCredentials)) {
    await capture(connection, AlterUserScramCredentials, v, {
      ...AlterUserScramCredentials.newRequest(),
      deletions: [{ name: 'fuzz-nobody', mechanism: ScramMechanism.SCRAM_SHA_512 }],
      upsertions: [
        {
          name: `fuzz-user-${v}`,
          mechanism: ScramMechanism.SCRAM_SHA_256,
          iterations: 4096,
          salt: randomBytes(16),
          saltedPassword: randomBytes(32),
        },
      ],
    });
  }
  for (const v of versions(connection, DescribeUserScramCredentials)) {
    await capture(connection, DescribeUserScramCredentials, v, {
      ...DescribeUserScramCredentials.newRequest(),
      users: [{ name: DEFAULT_USERS.scram.username }, { name: 'fuzz-user-0' }, { name: 'fuzz-nobody' }],
    });
  }
  const quotaEntity = [{ entityType: QuotaEntityType.CLIENT_ID, entityName: 'fuzz-client' }];
  for (const v of versions(connection, AlterClientQuotas)) {
    await capture(connection, AlterClientQuotas, v, {
      ...AlterClientQuotas.newRequest(),
      entries: [
        {
          entity: quotaEntity,
          ops: [
            { key: 'producer_byte_rate', value: 1024 + v, remove: false },
            { key: 'request_percentage', value: 0, remove: true },
          ],
        },
        {
          entity: [{ entityType: QuotaEntityType.USER, entityName: 'fuzz-user' }],
          ops: [{ key: 'fuzz-no-such-quota', value: 1, remove: false }],
        },
      ],
      validateOnly: false,
    });
  }
  await sleep(1_000); // quotas reach the broker's metadata cache asynchronously
  for (const v of versions(connection, DescribeClientQuotas)) {
    await capture(connection, DescribeClientQuotas, v, {
      ...DescribeClientQuotas.newRequest(),
      components: [
        { entityType: QuotaEntityType.CLIENT_ID, matchType: QuotaMatchType.SPECIFIED, match: null },
      ],
      strict: false,
    });
  }
  connection.close();
  // SASL, on its own listener: the handshake, then a good and a refused PLAIN exchange.
  const { username, password } = DEFAULT_USERS.plain;
  for (const credentials of [`\0${username}\0${password}`, `\0${username}\0wrong`]) {
    const raw = await openConnection(parseAddress(sasl));
    for (const v of versions(raw, SaslHandshake)) {
      if (v < 1) continue; // v0 switches to unframed tokens
      await capture(raw, SaslHandshake, v, { mechanism: 'PLAIN' });
    }
    const v = raw.versionOf(SaslAuthenticate);
    await capture(raw, SaslAuthenticate, v, { authBytes: new TextEncoder().encode(credentials) });
    raw.close();
  }
} finally {
  await cluster?.stop();
}
const output = new URL('../fixtures/broker-responses.json', import.meta.url);
writeFileSync(
  output,
  `${JSON.stringify({ note: `Captured from Kafka 4.3.1 by tools/fuzz/src/capture.ts on ${new Date().toISOString().slice(0, 10)}.`, fixtures }, null, 2)}\n`,
);
process.stdout.write(`${fixtures.length} fixtures written\n`);
