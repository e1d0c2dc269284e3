// The ACL operations need brokers with an authorizer, which the shared test broker has not: this
// file starts its own single node (the harness's `authorizer` option) at the version under test.
/// <reference path="../../../tools/kafka/src/vitest-provide.d.ts" />
import { randomUUID } from 'node:crypto';
import { AclOperation, AclPermissionType, PatternType, ResourceType, ScramMechanism } from '@lk/api';
import { scramSha256 } from '@lk/client';
import { type KafkaCluster, startKafka } from '@lk/kafka-harness';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Admin, AdminError } from '../src/index.ts';

let kafka: KafkaCluster;
let admin: Admin;
beforeAll(async () => {
  kafka = await startKafka({ nodes: 1, version: inject('kafka').version, authorizer: true, heapMb: 384 });
  admin = new Admin({ bootstrap: kafka.bootstrap }); // PLAINTEXT: ANONYMOUS, a super user
});
afterAll(async () => {
  admin?.close();
  await kafka?.stop();
});

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('ACLs', () => {
  it('creates, describes and deletes ACLs, and the broker enforces them', async () => {
    const suffix = randomUUID().slice(0, 8);
    const topic = `acl-t-${suffix}`;
    const user = `alice-${suffix}`;
    const principal = `User:${user}`;
    const password = `pw-${suffix}`;
    await admin.createTopics([{ name: topic, numPartitions: 1 }], { throwOnError: true });
    await admin.alterScramUsers([{ user, mechanism: ScramMechanism.SCRAM_SHA_256, password }], {
      throwOnError: true,
    });
    // The topics the new user may see (Metadata lists only the authorized ones).
    const visible = async () => {
      const asUser = new Admin({
        bootstrap: kafka.bootstraps.saslPlaintext,
        sasl: scramSha256({ username: user, password }),
      });
      try {
        return await asUser.listTopics();
      } catch {
        return null; // not authenticated yet: the credential is still on its way
      } finally {
        asUser.close();
      }
    };
    await until(async () => (await visible()) !== null, 10_000);
    expect(await visible()).not.toContain(topic);

    const describeTopic = {
      resourceType: ResourceType.TOPIC,
      resourceName: topic,
      principal,
      operation: AclOperation.DESCRIBE,
      permissionType: AclPermissionType.ALLOW,
    };
    const configsPrefixed = {
      ...describeTopic,
      resourceName: 'acl-t-',
      patternType: PatternType.PREFIXED,
      // Not READ: READ implies DESCRIBE, and the test watches DESCRIBE come and go.
      operation: AclOperation.DESCRIBE_CONFIGS,
    };
    const created = await admin.createAcls([
      describeTopic,
      configsPrefixed,
      { ...describeTopic, resourceType: ResourceType.ANY }, // not a concrete resource type
    ]);
    expect(created.map((c) => c.error?.errorName ?? null)).toEqual([null, null, 'INVALID_REQUEST']);
    await expect(
      admin.createAcls([{ ...describeTopic, principal: 'alice' }], { throwOnError: true }),
    ).rejects.toThrow(AdminError);

    const { acls, error } = await admin.describeAcls({ principal }, { throwOnError: true });
    expect(error).toBeNull();
    const byOperation = (a: { operation: AclOperation }, b: { operation: AclOperation }) =>
      a.operation - b.operation;
    expect([...acls].sort(byOperation)).toEqual(
      [
        { ...configsPrefixed, host: '*' },
        { ...describeTopic, patternType: PatternType.LITERAL, host: '*' },
      ].sort(byOperation),
    );
    // MATCH: every ACL that applies to the topic, literal and prefixed.
    const matching = await admin.describeAcls({
      resourceType: ResourceType.TOPIC,
      resourceName: topic,
      patternType: PatternType.MATCH,
    });
    expect(matching.acls.length).toBe(2);
    // ACLs reach the authorizer through the metadata log: soon, not at once.
    await until(async () => (await visible())?.includes(topic) === true, 10_000);

    const [deleted] = await admin.deleteAcls(
      [{ principal, resourceType: ResourceType.TOPIC, patternType: PatternType.LITERAL }],
      { throwOnError: true },
    );
    expect(deleted?.deleted).toEqual([
      { ...describeTopic, patternType: PatternType.LITERAL, host: '*', error: null },
    ]);
    await until(async () => (await visible())?.includes(topic) === false, 10_000);
    const [rest, none] = await admin.deleteAcls([{ principal }, { principal: 'User:nobody' }]);
    expect(rest?.deleted.map((a) => a.operation)).toEqual([AclOperation.DESCRIBE_CONFIGS]);
    expect(none).toMatchObject({ deleted: [], error: null });
    expect((await admin.describeAcls({ principal })).acls).toEqual([]);
  });
});
