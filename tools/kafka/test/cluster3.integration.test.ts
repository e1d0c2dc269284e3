// SLOW: starts its own 3-node cluster of the run's Kafka version (combined broker+controller nodes,
// static quorum) on a fixed port range apart from the shared broker, produces with acks=all to an RF 3 topic,
// survives a node failure, and checks that stop() leaves no JVM behind.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { KafkaCluster } from '../src/cluster.ts';
import { startKafka } from '../src/cluster.ts';
import { metadata } from '../src/wire.ts';
import { jvmPidsMentioning, kcatRoundTrip, records, uniqueTopic } from './helpers.ts';

// fixed block below the 20000-32000 range used for random allocation and below the ephemeral
// range (32768+), where client sockets in TIME_WAIT can block a bind; CI's 3.9.2 run, beside the
// 4.3.1 one, sets another block
const BASE_PORT = Number(process.env.LK_KAFKA_CLUSTER3_BASE_PORT || 19100);
const version = inject('kafka').version;

describe(`3-node Kafka ${version} cluster (slow)`, { timeout: 180000 }, () => {
  let cluster: KafkaCluster;
  let dir = '';

  beforeAll(async () => {
    cluster = await startKafka({ version, nodes: 3, basePort: BASE_PORT });
    dir = cluster.dir;
  }, 240000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60000);

  it('lists all three brokers', async () => {
    const md = await metadata({ host: '127.0.0.1', port: cluster.nodes[0]!.ports.plaintext });
    expect(md.brokers.map((b) => b.nodeId).sort()).toEqual([1, 2, 3]);
    expect(cluster.bootstrap.split(',')).toHaveLength(3);
  });

  it('produces with acks=all to an RF 3 topic and reads it back, also after a node is killed', async () => {
    const topic = uniqueTopic('rf3');
    await cluster.createTopic(topic, { partitions: 3, replicationFactor: 3 });
    const md = await metadata({ host: '127.0.0.1', port: cluster.nodes[0]!.ports.plaintext }, [topic]);
    const t = md.topics.find((x) => x.name === topic)!;
    expect(t.partitions).toHaveLength(3);
    for (const p of t.partitions) expect(p.replicas.sort()).toEqual([1, 2, 3]);

    const recs = records(30);
    const r = await kcatRoundTrip(cluster, 'plaintext', topic, recs, ['-X', 'acks=all']);
    expect(r.produce.code, r.produce.stderr).toBe(0);
    expect(r.consume.code, r.consume.stderr).toBe(0);
    // 3 partitions: order is only per key/partition, compare as sets
    expect([...r.got].sort((a, b) => a.key.localeCompare(b.key))).toEqual(
      [...recs].sort((a, b) => a.key.localeCompare(b.key)),
    );

    // crash one node: RF 3 / min.insync 2 keeps acks=all writes working
    await cluster.stopNode(3, 'SIGKILL');
    // wait until the controller has fenced node 3 (Metadata lists only live brokers)
    const deadline = Date.now() + 30000;
    for (;;) {
      const live = await metadata({ host: '127.0.0.1', port: cluster.nodes[0]!.ports.plaintext });
      if (live.brokers.length === 2) break;
      if (Date.now() > deadline) throw new Error('node 3 was not fenced within 30 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    const topic2 = uniqueTopic('rf3-degraded');
    await cluster.createTopic(topic2, { partitions: 1, replicationFactor: 2 });
    const recs2 = records(10);
    const live = {
      ...cluster.info(),
      bootstrap: cluster.bootstraps.plaintext.split(',').slice(0, 2).join(','),
      bootstraps: {
        ...cluster.bootstraps,
        plaintext: cluster.bootstraps.plaintext.split(',').slice(0, 2).join(','),
      },
    };
    const r2 = await kcatRoundTrip(live, 'plaintext', topic2, recs2, ['-X', 'acks=all']);
    expect(r2.produce.code, r2.produce.stderr).toBe(0);
    expect(r2.got).toEqual(recs2);

    await cluster.startNode(3);
    const after = await metadata({ host: '127.0.0.1', port: cluster.nodes[2]!.ports.plaintext });
    expect(after.brokers).toHaveLength(3);
  });

  it('stop() terminates every JVM and removes the working directory', async () => {
    expect(jvmPidsMentioning(dir).length).toBeGreaterThan(0);
    await cluster.stop();
    expect(jvmPidsMentioning(dir)).toEqual([]);
    const fs = await import('node:fs');
    expect(fs.existsSync(dir)).toBe(false);
  });
});
