// Well-known locations: this package, the repo root, the jar classpath cache.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** tools/kafka */
export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** repository root (two levels above tools/kafka) */
export const REPO_ROOT = path.resolve(PACKAGE_DIR, '..', '..');
export const POM_PATH = path.join(PACKAGE_DIR, 'pom.xml');

/** Classpath cache: $LK_KAFKA_CACHE or $XDG_CACHE_HOME/lk-kafka or ~/.cache/lk-kafka. */
export function cacheDir(): string {
  if (process.env.LK_KAFKA_CACHE) return path.resolve(process.env.LK_KAFKA_CACHE);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'lk-kafka');
}

/** CLI state file: $LK_KAFKA_STATE or <repo>/.kafka/state.json */
export function stateFilePath(): string {
  return process.env.LK_KAFKA_STATE
    ? path.resolve(process.env.LK_KAFKA_STATE)
    : path.join(REPO_ROOT, '.kafka', 'state.json');
}
