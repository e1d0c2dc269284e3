#!/usr/bin/env node
// lk Kafka harness CLI.
//   node tools/kafka/src/cli.ts start  [--nodes 1|3] [--version 4.3.1|3.9.2] [--port BASE] [--heap MB] [--dir DIR] [--authorizer]
//   node tools/kafka/src/cli.ts stop
//   node tools/kafka/src/cli.ts status [--json]
//   node tools/kafka/src/cli.ts fetch  [--version 4.3.1|3.9.2|all] [--tools]
//   node tools/kafka/src/cli.ts java   <main.Class> [args...]   (tools classpath; version from the state file or --version)
// State file: $LK_KAFKA_STATE or <repo>/.kafka/state.json
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { classpathFile, resolveClasspath } from './classpath.ts';
import type { KafkaInfo } from './cluster.ts';
import { clusterStatus, startKafka, stopCluster } from './cluster.ts';
import { runJava } from './java.ts';
import { stateFilePath } from './paths.ts';
import type { KafkaVersion } from './versions.ts';
import { DEFAULT_KAFKA_VERSION, KAFKA_VERSIONS, parseVersion } from './versions.ts';

function readState(): KafkaInfo | null {
  try {
    return JSON.parse(fs.readFileSync(stateFilePath(), 'utf8')) as KafkaInfo;
  } catch {
    return null;
  }
}

function describe(info: KafkaInfo): string {
  const lines = [
    `Kafka ${info.version}, ${info.nodes.length} node(s)${info.dir ? `, dir ${info.dir}` : ''}`,
    `  bootstrap (PLAINTEXT):  ${info.bootstraps.plaintext}`,
    `  SASL_PLAINTEXT:         ${info.bootstraps.saslPlaintext}  (PLAIN ${info.users.plain.username}/${info.users.plain.password}; SCRAM-SHA-256/512 ${info.users.scram.username}/${info.users.scram.password})`,
    `  SSL:                    ${info.bootstraps.ssl}  (CA ${info.tls.caPem})`,
    `  mTLS (client cert):     ${info.bootstraps.mtls}  (cert ${info.tls.clientCertPem}, key ${info.tls.clientKeyPem})`,
    `  OAUTHBEARER:            ${info.bootstraps.oauth}  (SASL_PLAINTEXT, unsigned JWT with sub and exp)`,
  ];
  for (const n of info.nodes)
    lines.push(`  node ${n.id}: pid ${n.pid}, ports ${JSON.stringify(n.ports)}, log ${n.logFile}`);
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'start': {
      const { values } = parseArgs({
        args: rest,
        options: {
          nodes: { type: 'string', default: '1' },
          version: { type: 'string' },
          port: { type: 'string' },
          heap: { type: 'string' },
          dir: { type: 'string' },
          json: { type: 'boolean', default: false },
          authorizer: { type: 'boolean', default: false },
        },
      });
      const existing = readState();
      if (existing) {
        const st = await clusterStatus(existing);
        if (st.some((s) => s.alive)) {
          console.error(
            `a cluster from ${stateFilePath()} is still running; run "stop" first\n${describe(existing)}`,
          );
          return 1;
        }
      }
      const nodes = Number(values.nodes);
      if (nodes !== 1 && nodes !== 3) throw new Error('--nodes must be 1 or 3');
      const t0 = Date.now();
      const cluster = await startKafka({
        version: parseVersion(values.version),
        nodes,
        detached: true,
        keepDir: true,
        basePort: values.port ? Number(values.port) : undefined,
        heapMb: values.heap ? Number(values.heap) : undefined,
        dir: values.dir,
        authorizer: values.authorizer,
      });
      const info = cluster.info();
      fs.mkdirSync(path.dirname(stateFilePath()), { recursive: true });
      fs.writeFileSync(stateFilePath(), JSON.stringify(info, null, 2) + '\n');
      if (values.json) console.log(JSON.stringify(info));
      else
        console.log(
          `${describe(info)}\n  started in ${Date.now() - t0} ms; state ${stateFilePath()}\n${info.bootstrap}`,
        );
      return 0;
    }
    case 'stop': {
      const info = readState();
      if (!info) {
        console.error(`no state file at ${stateFilePath()}; nothing to stop`);
        return 0;
      }
      await stopCluster(info);
      fs.rmSync(stateFilePath(), { force: true });
      console.log(`stopped Kafka ${info.version} (${info.nodes.map((n) => n.pid).join(', ')})`);
      return 0;
    }
    case 'status': {
      const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean', default: false } } });
      const info = readState();
      if (!info) {
        console.log(values.json ? 'null' : `not running (no ${stateFilePath()})`);
        return 1;
      }
      const st = await clusterStatus(info);
      const up = st.every((s) => s.alive && s.apiVersions);
      if (values.json) console.log(JSON.stringify({ ...info, status: st, up }));
      else
        console.log(
          `${describe(info)}\n${st.map((s) => `  node ${s.id}: ${s.alive ? 'running' : 'DEAD'}, ApiVersions ${s.apiVersions ? 'ok' : 'FAIL'}`).join('\n')}`,
        );
      return up ? 0 : 1;
    }
    case 'fetch': {
      const { values } = parseArgs({
        args: rest,
        options: {
          version: { type: 'string', default: DEFAULT_KAFKA_VERSION },
          tools: { type: 'boolean', default: false },
        },
      });
      const versions: KafkaVersion[] =
        values.version === 'all' ? [...KAFKA_VERSIONS] : [parseVersion(values.version)];
      for (const v of versions) {
        for (const kind of values.tools ? (['broker', 'tools'] as const) : (['broker'] as const)) {
          const t0 = Date.now();
          const cp = await resolveClasspath(v, kind);
          console.log(
            `Kafka ${v} ${kind}: ${cp.split(path.delimiter).length} jars (${Date.now() - t0} ms) -> ${classpathFile(v, kind)}`,
          );
        }
      }
      return 0;
    }
    case 'java': {
      const state = readState();
      let args = rest;
      let version: KafkaVersion = state?.version ?? parseVersion(undefined);
      if (args[0] === '--version') {
        version = parseVersion(args[1]);
        args = args.slice(2);
      }
      const [mainClass, ...toolArgs] = args;
      if (!mainClass) throw new Error('usage: java [--version V] <main.Class> [args...]');
      const r = await runJava(mainClass, toolArgs, {
        version,
        classpath: 'tools',
        timeoutMs: 24 * 3600 * 1000,
        fullJit: true,
      });
      process.stdout.write(r.stdout);
      process.stderr.write(r.stderr);
      return r.code ?? 1;
    }
    default:
      console.error(
        'usage: cli.ts start [--nodes 1|3] [--version 4.3.1|3.9.2] [--port BASE] [--heap MB] [--dir DIR] [--json]\n' +
          '       cli.ts stop | status [--json] | fetch [--version V|all] [--tools] | java [--version V] <main.Class> [args...]',
      );
      return cmd ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: Error) => {
    console.error(e.message);
    process.exitCode = 1;
  },
);
