// Resolves Kafka jars with Maven (local repo ~/.m2 is the jar cache) and caches the resulting
// classpath string in <cacheDir>/<version>/{broker,tools}.classpath. A cached file is reused when
// every jar it names still exists.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir, POM_PATH } from './paths.ts';
import type { KafkaVersion } from './versions.ts';

export type ClasspathKind = 'broker' | 'tools';

export function classpathFile(version: KafkaVersion, kind: ClasspathKind): string {
  return path.join(cacheDir(), version, `${kind}.classpath`);
}

function readValid(file: string): string | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
  if (!text) return null;
  const jars = text.split(path.delimiter);
  return jars.every((j) => fs.existsSync(j)) ? text : null;
}

const inflight = new Map<string, Promise<string>>();

/**
 * Returns the Java classpath for the broker (kafka_2.13 + logging binding) or for the tools
 * (broker classpath + kafka-tools). Runs `mvn dependency:build-classpath` on a cache miss.
 */
export function resolveClasspath(version: KafkaVersion, kind: ClasspathKind = 'broker'): Promise<string> {
  const file = classpathFile(version, kind);
  const cached = readValid(file);
  if (cached) return Promise.resolve(cached);
  const key = `${version}/${kind}`;
  let p = inflight.get(key);
  if (!p) {
    p = runMaven(version, kind, file).finally(() => inflight.delete(key));
    inflight.set(key, p);
  }
  return p;
}

function runMaven(version: KafkaVersion, kind: ClasspathKind, file: string): Promise<string> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const mvn = process.env.LK_MVN || 'mvn';
  const args = [
    '-B',
    '-q',
    '-f',
    POM_PATH,
    'dependency:build-classpath',
    `-Dmdep.outputFile=${tmp}`,
    `-Dkafka.version=${version}`,
  ];
  if (kind === 'tools') args.push('-Dkafka.tools=true');
  return new Promise((resolve, reject) => {
    execFile(mvn, args, { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        try {
          fs.rmSync(tmp, { force: true });
        } catch {
          /* ignore */
        }
        const out = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
        reject(new Error(`resolving Kafka ${version} ${kind} jars failed: ${mvn} ${args.join(' ')}\n${out}`));
        return;
      }
      fs.renameSync(tmp, file);
      const cp = readValid(file);
      if (!cp) reject(new Error(`maven wrote an empty or invalid classpath to ${file}`));
      else resolve(cp);
    });
  });
}
