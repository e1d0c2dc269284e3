// A 1- or 3-node KRaft cluster of combined broker+controller nodes on loopback.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateTls } from './certs.ts';
import { resolveClasspath } from './classpath.ts';
import type { NodePorts, SaslUsers } from './config.ts';
import {
  authorizerProperties,
  DEFAULT_USERS,
  HOST,
  renderLogConfig,
  renderServerProperties,
} from './config.ts';
import type { JavaToolOptions, JavaToolResult } from './java.ts';
import { runJava } from './java.ts';
import type { NodeLayout, NodeRuntime } from './node.ts';
import { formatNode, logTail, nodeLayout, spawnNode, stopNodeProcess } from './node.ts';
import { allocatePorts } from './ports.ts';
import { isAlive, registerExitHook, sleep } from './process-util.ts';
import { waitForCluster, waitForTopic } from './readiness.ts';
import type { KafkaVersion } from './versions.ts';
import { DEFAULT_KAFKA_VERSION, parseVersion } from './versions.ts';
import type { CreateTopicSpec } from './wire.ts';
import { createTopics } from './wire.ts';

export interface StartKafkaOptions {
  version?: KafkaVersion;
  nodes?: 1 | 3;
  /** max heap per node; default 512 for 1 node, 384 per node for 3 */
  heapMb?: number;
  /** working directory (created if missing, removed on stop unless keepDir); default a fresh mkdtemp */
  dir?: string;
  /** fixed ports: node i uses basePort+(i-1)*10 + {0 plaintext,1 sasl_plaintext,2 ssl,3 mtls,4 controller,5 oauth} */
  basePort?: number;
  /** readiness timeout (default 120000, env LK_KAFKA_START_TIMEOUT_MS) */
  startTimeoutMs?: number;
  /** extra server.properties entries for every node */
  serverProperties?: Record<string, string | number | boolean>;
  /** extra server.properties entries per node id (1-based), after serverProperties, e.g. `broker.rack` */
  nodeProperties?: Record<number, Record<string, string | number | boolean>>;
  /**
   * Turn on KRaft's StandardAuthorizer: the harness's own principals (PLAINTEXT's ANONYMOUS, the
   * PLAIN and SCRAM users, the mTLS client) are super users, every other principal needs ACLs.
   * Default false: the shared test broker has no authorizer.
   */
  authorizer?: boolean;
  /** JVMs survive this process (CLI). Default false: JVMs are killed when this process exits. */
  detached?: boolean;
  /** keep the working directory on stop() */
  keepDir?: boolean;
}

export interface ListenerBootstraps {
  /** PLAINTEXT, no auth */
  plaintext: string;
  /** SASL_PLAINTEXT with PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 */
  saslPlaintext: string;
  /** SSL, server authentication only */
  ssl: string;
  /** SSL with ssl.client.auth=required (use tls.clientCertPem / clientKeyPem) */
  mtls: string;
  /**
   * SASL_PLAINTEXT with OAUTHBEARER only, validated by Kafka's unsecured validator: any unsigned JWT
   * (header alg "none") with a `sub` claim and an `exp` in the future is accepted.
   */
  oauth: string;
}

export interface TlsPaths {
  caPem: string;
  clientCertPem: string;
  clientKeyPem: string;
}

export interface KafkaNodeInfo {
  id: number;
  ports: NodePorts;
  pid: number;
  logFile: string;
}

/** JSON-serialisable description of a running cluster (vitest provide, CLI state file). */
export interface KafkaInfo {
  version: KafkaVersion;
  /** PLAINTEXT bootstrap, "127.0.0.1:port,..." */
  bootstrap: string;
  bootstraps: ListenerBootstraps;
  users: SaslUsers;
  tls: TlsPaths;
  nodes: KafkaNodeInfo[];
  /** working directory (null when pointing at an external cluster) */
  dir: string | null;
  clusterId: string | null;
  /** true when the cluster was not started by the harness (LK_BOOTSTRAP) */
  external: boolean;
}

export interface KafkaCluster extends KafkaInfo {
  dir: string;
  clusterId: string;
  /** stop one node (SIGTERM = clean shutdown, SIGKILL = crash); waits until the JVM is gone */
  stopNode(id: number, signal?: NodeJS.Signals): Promise<void>;
  /** restart a stopped node with the same storage and ports; waits until it is ready (its Metadata lists the running nodes) */
  startNode(id: number): Promise<void>;
  /** create a topic with hand-built CreateTopics v2 and wait until every partition has a leader */
  createTopic(name: string, opts?: Omit<CreateTopicSpec, 'name'>): Promise<void>;
  /** run a Kafka Java tool main class (classpath 'tools' by default) */
  javaTool(
    mainClass: string,
    args: string[],
    opts?: Omit<JavaToolOptions, 'version'>,
  ): Promise<JavaToolResult>;
  /** plain-data snapshot */
  info(): KafkaInfo;
  /** SIGTERM all JVMs, wait, SIGKILL stragglers, remove the working directory */
  stop(): Promise<void>;
}

/** Kafka Uuid shape: 16 random bytes, base64url without padding, no leading '-'. */
export function randomClusterId(): string {
  for (;;) {
    const id = crypto.randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export function bootstrapsFor(nodes: Array<{ ports: NodePorts }>): ListenerBootstraps {
  const join = (k: keyof NodePorts): string => nodes.map((n) => `${HOST}:${n.ports[k]}`).join(',');
  return {
    plaintext: join('plaintext'),
    saslPlaintext: join('saslPlaintext'),
    ssl: join('ssl'),
    mtls: join('mtls'),
    oauth: join('oauth'),
  };
}

export async function startKafka(options: StartKafkaOptions = {}): Promise<KafkaCluster> {
  const version = parseVersion(options.version ?? DEFAULT_KAFKA_VERSION);
  const count = options.nodes ?? 1;
  if (count !== 1 && count !== 3) throw new Error(`nodes must be 1 or 3, got ${count}`);
  const heapMb = options.heapMb ?? (count === 1 ? 512 : 384);
  const timeoutMs =
    options.startTimeoutMs ??
    Number(process.env.LK_KAFKA_START_TIMEOUT_MS || (count === 1 ? 120000 : 180000));
  const detached = options.detached ?? false;
  const users = DEFAULT_USERS;

  const dir = options.dir
    ? path.resolve(options.dir)
    : fs.mkdtempSync(path.join(os.tmpdir(), `lk-kafka-${version}-`));
  fs.mkdirSync(dir, { recursive: true });
  const removeDir = (): void => {
    if (!options.keepDir)
      try {
        fs.rmSync(dir, { recursive: true, force: true });
      } catch {
        /* ignore */
      }
  };

  const pids = new Map<number, { pid: number; watchdogPid?: number }>();
  // emergency cleanup if this process dies while the cluster is up (not for detached clusters)
  const unregister = detached
    ? () => {}
    : registerExitHook(() => {
        for (const p of pids.values()) {
          try {
            process.kill(p.pid, 'SIGKILL');
          } catch {
            /* gone */
          }
          if (p.watchdogPid)
            try {
              process.kill(p.watchdogPid, 'SIGKILL');
            } catch {
              /* gone */
            }
        }
        removeDir();
      });

  try {
    const [classpath, portList] = await Promise.all([
      resolveClasspath(version, 'broker'),
      allocatePorts(count, options.basePort),
    ]);
    const tls = generateTls(path.join(dir, 'tls'));
    const logCfg = renderLogConfig(version, dir, 'broker');
    fs.writeFileSync(logCfg.file, logCfg.text);
    const rt: NodeRuntime = { classpath, logSysprop: logCfg.sysprop, heapMb };
    const clusterId = randomClusterId();
    const layouts: NodeLayout[] = portList.map((ports, i) => nodeLayout(dir, i + 1, ports));
    const voters = layouts.map((l) => ({ id: l.id, controllerPort: l.ports.controller }));
    for (const l of layouts) {
      fs.mkdirSync(l.dir, { recursive: true });
      fs.writeFileSync(
        l.propsFile,
        renderServerProperties({
          version,
          nodeId: l.id,
          ports: l.ports,
          voters,
          dataDir: l.dataDir,
          tls,
          users,
          clusterSize: count,
          extra: {
            ...(options.authorizer ? authorizerProperties(users) : {}),
            ...options.serverProperties,
            ...options.nodeProperties?.[l.id],
          },
        }),
      );
    }
    await Promise.all(layouts.map((l) => formatNode(l, rt, clusterId, users)));

    const launch = (l: NodeLayout): void => {
      const s = spawnNode(l, rt, { detached, removeDirOnParentDeath: options.keepDir ? undefined : dir });
      pids.set(l.id, { pid: s.pid, watchdogPid: s.watchdogPid });
    };
    for (const l of layouts) launch(l);

    // Metadata lists live brokers only: a node restarted while another is down waits for the running ones
    // (waiting for all of them made such a restart time out, however long the timeout).
    const ready = (ids: number[], ms: number, expectedBrokers: number = count): Promise<void> =>
      waitForCluster({
        nodes: layouts
          .filter((l) => ids.includes(l.id))
          .map((l) => ({
            id: l.id,
            port: l.ports.plaintext,
            alive: () => isAlive(pids.get(l.id)?.pid),
            logTail: () => logTail(l),
          })),
        expectedBrokers,
        timeoutMs: ms,
      });
    await ready(
      layouts.map((l) => l.id),
      timeoutMs,
    );

    const layoutOf = (id: number): NodeLayout => {
      const l = layouts.find((x) => x.id === id);
      if (!l) throw new Error(`no node ${id}; nodes are ${layouts.map((x) => x.id).join(', ')}`);
      return l;
    };
    const snapshot = (): KafkaInfo & { dir: string; clusterId: string } => ({
      version,
      bootstrap: bootstrapsFor(layouts).plaintext,
      bootstraps: bootstrapsFor(layouts),
      users,
      tls: { caPem: tls.caPem, clientCertPem: tls.clientCertPem, clientKeyPem: tls.clientKeyPem },
      nodes: layouts.map((l) => ({
        id: l.id,
        ports: l.ports,
        pid: pids.get(l.id)?.pid ?? 0,
        logFile: l.logFile,
      })),
      dir,
      clusterId,
      external: false,
    });
    let stopped = false;
    const cluster: KafkaCluster = {
      ...snapshot(),
      get nodes() {
        return snapshot().nodes;
      },
      info: snapshot,
      async stopNode(id, signal = 'SIGTERM') {
        layoutOf(id);
        const p = pids.get(id);
        if (!p) return;
        await stopNodeProcess(p.pid, p.watchdogPid, signal);
        pids.delete(id);
      },
      async startNode(id) {
        const l = layoutOf(id);
        if (pids.has(id) && isAlive(pids.get(id)?.pid))
          throw new Error(`node ${id} is already running (pid ${pids.get(id)?.pid})`);
        launch(l);
        await ready([id], timeoutMs, layouts.filter((x) => isAlive(pids.get(x.id)?.pid)).length);
      },
      async createTopic(name, opts = {}) {
        const spec: CreateTopicSpec = {
          name,
          partitions: opts.partitions ?? 1,
          replicationFactor: opts.replicationFactor ?? (count >= 3 ? 3 : 1),
          configs: opts.configs,
        };
        // only nodes that are running (a node may be stopped in a failover test)
        const live = layouts.filter((l) => isAlive(pids.get(l.id)?.pid)).map((l) => l.ports.plaintext);
        await createTopicAndWait(live, spec);
      },
      javaTool(mainClass, args, opts = {}) {
        return runJava(mainClass, args, { ...opts, version });
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await Promise.all([...pids.values()].map((p) => stopNodeProcess(p.pid, p.watchdogPid, 'SIGTERM')));
        pids.clear();
        unregister();
        removeDir();
      },
    };
    return cluster;
  } catch (e) {
    await Promise.all([...pids.values()].map((p) => stopNodeProcess(p.pid, p.watchdogPid, 'SIGKILL', 5000)));
    pids.clear();
    unregister();
    if (process.env.LK_KAFKA_KEEP_FAILED) {
      (e as Error).message += `\n(working directory kept: ${dir})`;
    } else {
      removeDir();
    }
    throw e;
  }
}

/**
 * CreateTopics v2 against the first reachable node, then wait until Metadata on every node shows a
 * leader for every partition. TOPIC_ALREADY_EXISTS (36) is accepted.
 */
export async function createTopicAndWait(
  plaintextPorts: number[],
  spec: CreateTopicSpec,
  timeoutMs = 60000,
): Promise<void> {
  let lastErr: unknown;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const port of plaintextPorts) {
      let res: Awaited<ReturnType<typeof createTopics>>[number] | undefined;
      try {
        res = (
          await createTopics(
            { host: HOST, port },
            [spec],
            Math.min(30000, Math.max(1000, deadline - Date.now())),
          )
        )[0];
      } catch (e) {
        lastErr = e; // unreachable or not ready yet: the next node, or the next round
        continue;
      }
      if (!res) throw new Error('CreateTopics: empty response');
      if (res.errorCode === 0 || res.errorCode === 36) {
        try {
          await waitForTopic(
            plaintextPorts,
            spec.name,
            spec.partitions ?? 1,
            Math.max(1000, deadline - Date.now()),
          );
          return;
        } catch (e) {
          lastErr = e;
          continue;
        }
      }
      lastErr = new Error(`CreateTopics ${spec.name}: error ${res.errorCode} ${res.errorMessage ?? ''}`);
      // retriable: NOT_CONTROLLER(41), REQUEST_TIMED_OUT(7), BROKER_NOT_AVAILABLE(8)
      if (![7, 8, 41].includes(res.errorCode)) throw lastErr;
    }
    await sleep(200);
  }
  throw new Error(`creating topic ${spec.name} timed out: ${(lastErr as Error)?.message ?? 'unknown'}`);
}

/** Is `pid` still the JVM we started (guards against pid reuse)? */
function isOurJvm(pid: number, dir: string | null): boolean {
  if (!isAlive(pid)) return false;
  if (!dir) return true;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
  } catch {
    return false;
  }
}

/**
 * Stops a cluster described by a KafkaInfo (e.g. from the CLI state file, started detached by
 * another process): SIGTERM, wait, SIGKILL stragglers, remove the working directory.
 */
export async function stopCluster(
  info: KafkaInfo,
  opts: { removeDir?: boolean; graceMs?: number } = {},
): Promise<void> {
  if (info.external) return;
  await Promise.all(
    info.nodes
      .filter((n) => isOurJvm(n.pid, info.dir))
      .map((n) => stopNodeProcess(n.pid, undefined, 'SIGTERM', opts.graceMs ?? 20000)),
  );
  if ((opts.removeDir ?? true) && info.dir) fs.rmSync(info.dir, { recursive: true, force: true });
}

/** Per-node liveness for a KafkaInfo: JVM alive and ApiVersions answering. */
export async function clusterStatus(
  info: KafkaInfo,
): Promise<Array<{ id: number; pid: number; alive: boolean; apiVersions: boolean }>> {
  const { apiVersions } = await import('./wire.ts');
  return Promise.all(
    info.nodes.map(async (n) => {
      let ok = false;
      try {
        ok = (await apiVersions({ host: HOST, port: n.ports.plaintext, timeoutMs: 2000 })).errorCode === 0;
      } catch {
        /* down */
      }
      return { id: n.id, pid: n.pid, alive: info.external ? ok : isOurJvm(n.pid, info.dir), apiVersions: ok };
    }),
  );
}
