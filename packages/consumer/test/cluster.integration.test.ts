// The consumer on a 3-node cluster of its own (racks r1, r2, r3; the shared broker's version):
// follower fetching from the replica in the consumer's rack (KIP-392), and log truncation after an
// unclean leader election reported as a LogTruncationError (KIP-320).
import { BootstrapClient, Cluster, PartitionProducer } from '@lk/client';
import { type KafkaCluster, startKafka } from '@lk/kafka-harness';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Consumer, LogTruncationError } from '../src/index.ts';
import { unique, until } from './helpers.ts';

const rackOf = (node: number): string => `r${node}`;

describe('Consumer on 3 nodes', () => {
  let kafka: KafkaCluster;
  beforeAll(async () => {
    kafka = await startKafka({
      nodes: 3,
      version: inject('kafka').version,
      serverProperties: {
        'replica.selector.class': 'org.apache.kafka.common.replica.RackAwareReplicaSelector',
      },
      nodeProperties: {
        1: { 'broker.rack': rackOf(1) },
        2: { 'broker.rack': rackOf(2) },
        3: { 'broker.rack': rackOf(3) },
      },
    });
  });
  afterAll(async () => {
    await kafka?.stop();
  });

  /** A topic of one partition and its replicas: [leader, ...followers]. */
  async function topicOnReplicas(replicationFactor: number, configs: Record<string, string> = {}) {
    const topic = unique('racks');
    await new BootstrapClient(kafka.bootstrap).createTopic(topic, {
      numPartitions: 1,
      replicationFactor,
      configs,
    });
    const cluster = new Cluster({ bootstrap: kafka.bootstrap });
    try {
      await cluster.metadata.refresh([topic]);
      const p = cluster.metadata.partition(topic, 0)!;
      return { topic, leader: p.leaderId, followers: p.replicas.filter((r) => r !== p.leaderId) };
    } finally {
      cluster.close();
    }
  }

  async function produceTo(
    topic: string,
    from: number,
    count: number,
    bootstrap = kafka.bootstrap,
  ): Promise<void> {
    const producer = new PartitionProducer({ bootstrap, topic, partition: 0 });
    try {
      await producer.produceStrings(Array.from({ length: count }, (_, i) => `r-${from + i}`));
    } finally {
      producer.close();
    }
  }

  it('fetches from the follower in its rack once the leader names it', async () => {
    const { topic, leader, followers } = await topicOnReplicas(3);
    const follower = followers[0]!;
    await produceTo(topic, 0, 500);
    const consumer = new Consumer({
      bootstrap: kafka.bootstrap,
      assignment: [{ topic, partition: 0 }],
      autoOffsetReset: 'earliest',
      rackId: rackOf(follower),
      maxWaitMs: 200,
    });
    const seen: string[] = [];
    const abort = new AbortController();
    const running = consumer.run({
      eachBatch: (b) => void seen.push(...b.records.map((r) => new TextDecoder().decode(r.value!))),
      signal: abort.signal,
    });
    try {
      await until(() => seen.length === 500, 30_000, 'the first 500 records');
      const state = consumer.fetcher.state({ topic, partition: 0 })!;
      // The leader answered the first fetch with the follower in the consumer's rack.
      expect(state.preferredReplica).toBe(follower);
      expect(follower).not.toBe(leader);
      // More records come from there (the leader is not asked again while the follower serves).
      await produceTo(topic, 500, 500);
      await until(() => seen.length === 1000, 30_000, 'the next 500 records from the follower');
      expect(state.preferredReplica).toBe(follower);
      expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => `r-${i}`));
    } finally {
      abort.abort();
      await running;
      await consumer.close();
    }
  });

  /** The partition's leader and ISR as the cluster's metadata has them now. */
  async function leaderOf(
    topic: string,
    bootstrap = kafka.bootstrap,
  ): Promise<{ leaderId: number; leaderEpoch: number; isr: readonly number[] }> {
    const cluster = new Cluster({ bootstrap });
    try {
      await cluster.metadata.refresh([topic]);
      const p = cluster.metadata.partition(topic, 0)!;
      return { leaderId: p.leaderId, leaderEpoch: p.leaderEpoch, isr: p.isr };
    } finally {
      cluster.close();
    }
  }

  // Last in the file: it leaves the old leader down. The follower is frozen (SIGSTOP) rather than
  // stopped, so that it needs no JVM start to come back (a restart took 64 s on a loaded machine);
  // 2 of the 3 combined nodes (the KRaft voters) are running at every step but one short moment.
  it('reports a LogTruncationError when an unclean election drops records it read', {
    timeout: 120_000,
  }, async () => {
    const { topic, leader, followers } = await topicOnReplicas(2, {
      'min.insync.replicas': '1',
      'unclean.leader.election.enable': 'true',
    });
    const follower = followers[0]!;
    const followerPid = kafka.nodes.find((n) => n.id === follower)!.pid;
    // A frozen node accepts connections and never answers: the test's own calls avoid it.
    const without = (id: number) =>
      kafka.nodes
        .filter((n) => n.id !== id)
        .map((n) => `127.0.0.1:${n.ports.plaintext}`)
        .join(',');
    await produceTo(topic, 0, 100);
    const consumer = new Consumer({
      bootstrap: kafka.bootstrap,
      assignment: [{ topic, partition: 0 }],
      autoOffsetReset: 'earliest',
      maxWaitMs: 200,
      // Its metadata calls may go to the frozen node: give up on it soon and ask another.
      requestTimeoutMs: 5_000,
    });
    let seen = 0;
    const abort = new AbortController();
    const outcome = consumer
      .run({ eachBatch: (b) => void (seen += b.records.length), signal: abort.signal })
      .then(
        () => null,
        (error: unknown) => error,
      );
    const t0 = Date.now();
    const phases: string[] = [];
    const phase = (what: string) => phases.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    try {
      await until(() => seen === 100, 30_000, 'the first 100 records');
      // The follower freezes; once the controller has fenced it, it is out of the ISR and the
      // leader alone takes 100 more.
      process.kill(followerPid, 'SIGSTOP');
      await untilAsync(
        async () => (await leaderOf(topic, without(follower))).isr.join() === String(leader),
        'the ISR shrunk',
      );
      phase('follower frozen and fenced');
      await produceTo(topic, 100, 100, without(follower));
      await until(() => seen === 200, 30_000, 'the 100 records only the leader has');
      const before = await leaderOf(topic, without(follower));
      // The leader dies; the follower, with the first 100 records only, comes back and is
      // elected uncleanly (the topic allows it; the election is asked for until the controller
      // has fenced the dead leader and made it, if it does not on its own).
      await kafka.stopNode(leader, 'SIGKILL');
      process.kill(followerPid, 'SIGCONT');
      phase('leader killed, follower resumed');
      let elections = 0;
      const deadline = Date.now() + 60_000;
      while ((await leaderOf(topic, without(leader))).leaderId !== follower) {
        if (Date.now() > deadline) throw new Error(`node ${follower} was not elected within 60 s`);
        elections++;
        await kafka.javaTool('org.apache.kafka.tools.LeaderElectionCommand', [
          '--bootstrap-server',
          without(leader),
          '--election-type',
          'unclean',
          '--topic',
          topic,
          '--partition',
          '0',
        ]);
      }
      phase(`follower elected (${elections} unclean election calls)`);
      expect((await leaderOf(topic, without(leader))).leaderEpoch).toBeGreaterThan(before.leaderEpoch);
      const error = await Promise.race([
        outcome,
        new Promise((r) => setTimeout(() => r(new Error('no error within 30 s')), 30_000)),
      ]);
      phase('truncation reported');
      console.log(`[consumer truncation] ${inject('kafka').version}: ${phases.join(', ')}`);
      expect(error).toBeInstanceOf(LogTruncationError);
      const truncation = error as LogTruncationError;
      expect(truncation.topic).toBe(topic);
      expect(truncation.position).toBe(200n);
      expect(truncation.divergentOffset).toBe(100n);
      expect(seen).toBe(200);
    } finally {
      process.kill(followerPid, 'SIGCONT'); // never leave it frozen, also when a step failed
      abort.abort();
      await outcome;
      await consumer.close();
    }
  });
});

/** Resolves once `predicate` resolves true, asking every 250 ms, or fails after 30 s. */
async function untilAsync(predicate: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
