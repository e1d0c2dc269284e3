// Maintenance tool, not a test: records a real broker's answers to the requests the clients send
// that packages/api's fixtures lack (InitProducerId, SASL, KIP-848 and share groups, and what
// @lk/consumer and @lk/admin add: OffsetForLeaderEpoch, ListGroups, DescribeGroups, DeleteGroups,
// DescribeConfigs, IncrementalAlterConfigs) into
// fixtures/broker-responses.json, for the fuzz run to mutate. Starts Kafka 4.3.1 unless LK_BOOTSTRAP
// (PLAINTEXT) and LK_BOOTSTRAP_SASL are set.
//
//   node --conditions=@lk/source tools/fuzz/src/capture.ts
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import {
  AlterConfigOpType,
  type ApiDefinition,
  ConfigResourceType,
  ConsumerGroupHeartbeat,
  DeleteGroups,
  DescribeConfigs,
  DescribeGroups,
  encodeRequestFrame,
  IncrementalAlterConfigs,
  InitProducerId,
  LeaveGroup,
  ListGroups,
  OffsetForLeaderEpoch,
  SaslAuthenticate,
  SaslHandshake,
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

const cluster = process.env.LK_BOOTSTRAP ? null : await startKafka({ version: '4.3.1', nodes: 1 });
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
  await member.leave();
  member.close();
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
