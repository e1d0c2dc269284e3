// Readiness: TCP accept -> ApiVersions v0 answers with error 0 -> Metadata v1 lists every broker.

import { HOST } from './config.ts';
import { sleep } from './process-util.ts';
import { apiVersions, metadata, tcpProbe } from './wire.ts';

export interface ReadinessNode {
  id: number;
  /** PLAINTEXT port */
  port: number;
  alive: () => boolean;
  logTail: () => string;
}

export interface WaitForClusterOptions {
  nodes: ReadinessNode[];
  /** number of brokers Metadata must list */
  expectedBrokers: number;
  timeoutMs: number;
}

type Stage = 'tcp' | 'apiversions' | 'metadata' | 'ready';

export async function waitForCluster(opts: WaitForClusterOptions): Promise<void> {
  const start = Date.now();
  const deadline = start + opts.timeoutMs;
  const stage = new Map<number, Stage>(opts.nodes.map((n) => [n.id, 'tcp']));
  const lastError = new Map<number, string>();
  for (;;) {
    for (const n of opts.nodes) {
      if (stage.get(n.id) === 'ready') continue;
      if (!n.alive()) {
        throw new Error(
          `Kafka node ${n.id} exited during startup (after ${Date.now() - start} ms)\n${n.logTail()}`,
        );
      }
      try {
        if (stage.get(n.id) === 'tcp') {
          if (!(await tcpProbe(HOST, n.port, 1000))) {
            lastError.set(n.id, 'connection refused');
            continue;
          }
          stage.set(n.id, 'apiversions');
        }
        if (stage.get(n.id) === 'apiversions') {
          const av = await apiVersions({ host: HOST, port: n.port, timeoutMs: 3000 });
          if (av.errorCode !== 0 || !av.apis.some((a) => a.apiKey === 0)) {
            lastError.set(n.id, `ApiVersions error ${av.errorCode}, ${av.apis.length} apis`);
            continue;
          }
          stage.set(n.id, 'metadata');
        }
        if (stage.get(n.id) === 'metadata') {
          const md = await metadata({ host: HOST, port: n.port, timeoutMs: 3000 });
          if (md.brokers.length < opts.expectedBrokers) {
            lastError.set(n.id, `Metadata lists ${md.brokers.length}/${opts.expectedBrokers} brokers`);
            continue;
          }
          stage.set(n.id, 'ready');
        }
      } catch (e) {
        lastError.set(n.id, (e as Error).message);
      }
    }
    if (opts.nodes.every((n) => stage.get(n.id) === 'ready')) return;
    if (Date.now() > deadline) {
      const detail = opts.nodes
        .filter((n) => stage.get(n.id) !== 'ready')
        .map(
          (n) =>
            `node ${n.id} (port ${n.port}) stuck at ${stage.get(n.id)}: ${lastError.get(n.id) ?? '?'}\n${n.logTail()}`,
        )
        .join('\n');
      throw new Error(`Kafka did not become ready within ${opts.timeoutMs} ms\n${detail}`);
    }
    await sleep(250);
  }
}

/** Waits until Metadata from every port shows `partitions` partitions of `topic`, each with a leader. */
export async function waitForTopic(
  ports: number[],
  topic: string,
  partitions: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    let ok = true;
    for (const port of ports) {
      try {
        const md = await metadata({ host: HOST, port, timeoutMs: 3000 }, [topic]);
        const t = md.topics.find((x) => x.name === topic);
        if (
          t?.errorCode !== 0 ||
          t.partitions.length < partitions ||
          t.partitions.some((p) => p.leader < 0 || p.errorCode !== 0)
        ) {
          ok = false;
          last = `port ${port}: ${t ? `error ${t.errorCode}, ${t.partitions.length} partitions, leaders ${t.partitions.map((p) => p.leader).join(',')}` : 'topic missing'}`;
          break;
        }
      } catch (e) {
        ok = false;
        last = `port ${port}: ${(e as Error).message}`;
        break;
      }
    }
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`topic ${topic} not ready within ${timeoutMs} ms (${last})`);
    await sleep(100);
  }
}
