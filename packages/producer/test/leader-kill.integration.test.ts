// Idempotent producing into 12 partitions of a 3-node cluster while partition leaders are killed
// (SIGKILL by PID) and restarted twice, and again through a TCP proxy cutting responses mid-frame
// (one cluster for both): read back, nothing may be lost, duplicated or reordered.
// CI sizes 50,000 and 20,000 records; LK_PRODUCER_FAULT_RECORDS=1000000 for the full runs.
import { type KafkaCluster, startKafka } from '@lk/kafka-harness';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Producer } from '../src/producer.ts';
import { audit, produceThroughCuts, readWithKcat, uniqueTopic } from './helpers.ts';

const RECORDS = Number(process.env.LK_PRODUCER_FAULT_RECORDS ?? 50_000);
const CUT_RECORDS = Number(process.env.LK_PRODUCER_FAULT_RECORDS ?? 20_000);
const KEYS = 1000;
const PER_CALL = 500;
const PARTITIONS = 12;

describe('3 nodes, 12 partitions, RF=3, min.insync.replicas=2, acks=-1, idempotent', () => {
  const version = inject('kafka').version;
  let cluster: KafkaCluster;
  beforeAll(async () => {
    cluster = await startKafka({ version, nodes: 3 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const newTopic = async (prefix: string): Promise<string> => {
    const topic = uniqueTopic(prefix);
    await cluster.createTopic(topic, {
      partitions: PARTITIONS,
      replicationFactor: 3,
      configs: { 'min.insync.replicas': '2' },
    });
    return topic;
  };

  it(`loses, duplicates and reorders nothing of ${RECORDS} records while leaders are killed twice`, async () => {
    const topic = await newTopic('leader-kill');
    const producer = new Producer({ bootstrap: cluster.bootstrap, lingerMs: 5 });
    const failures: Error[] = [];
    const pending = new Set<Promise<unknown>>();
    // Kill the leader of a partition at 20 % and 60 %, restart it at 40 % and 80 %.
    const faults = new Map<number, () => Promise<void>>();
    let killed = -1;
    const kill = async (partition: number): Promise<void> => {
      killed = producer.cluster.metadata.partition(topic, partition)?.leaderId ?? 1;
      await cluster.stopNode(killed, 'SIGKILL');
    };
    const restart = async (): Promise<void> => cluster.startNode(killed);
    faults.set(Math.floor((RECORDS * 0.2) / PER_CALL), () => kill(0));
    faults.set(Math.floor((RECORDS * 0.4) / PER_CALL), restart);
    faults.set(Math.floor((RECORDS * 0.6) / PER_CALL), () => kill(7));
    faults.set(Math.floor((RECORDS * 0.8) / PER_CALL), restart);
    const started = performance.now();
    for (let call = 0; call * PER_CALL < RECORDS; call++) {
      const records = Array.from({ length: Math.min(PER_CALL, RECORDS - call * PER_CALL) }, (_, j) => {
        const i = call * PER_CALL + j;
        return { key: `k${i % KEYS}`, value: String(i) };
      });
      const sent = producer.send(topic, records).catch((error: Error) => {
        failures.push(error);
      });
      pending.add(sent);
      void sent.finally(() => pending.delete(sent));
      // Keep a bounded number of calls outstanding, so that the faults land mid-stream.
      if (pending.size >= 40) await Promise.race(pending);
      const fault = faults.get(call);
      if (fault !== undefined) await fault();
    }
    await producer.flush();
    await Promise.all(pending);
    const seconds = (performance.now() - started) / 1000;
    await producer.close();
    expect(failures.map((e) => e.message).slice(0, 3)).toEqual([]);
    const read = await readWithKcat(cluster, topic, RECORDS * 2);
    const result = audit(read, RECORDS);
    console.log(`${RECORDS} records in ${seconds.toFixed(1)} s with 2 leader kills:`, result);
    expect(result).toEqual({ lost: 0, duplicated: 0, reordered: 0, misplaced: 0 });
    expect(read).toHaveLength(RECORDS);
  });

  it(`loses, duplicates and reorders nothing of ${CUT_RECORDS} records while responses are cut mid-frame`, async () => {
    const topic = await newTopic('cluster-cuts');
    const run = await produceThroughCuts(cluster, topic, CUT_RECORDS, 5);
    const what = `${run.cutRequests} produce requests cut in ${run.cuts} rounds, ${run.seconds.toFixed(1)} s`;
    console.log(`${CUT_RECORDS} records through the proxy on 3 nodes, ${what}:`, run.result);
    expect(run.result).toEqual({ lost: 0, duplicated: 0, reordered: 0, misplaced: 0 });
    expect(run.read).toHaveLength(CUT_RECORDS);
  });
});
