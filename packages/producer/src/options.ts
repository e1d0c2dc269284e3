import type { Compressor } from '@lk/batch';
import { ConfigError } from '@lk/client';
import type { PartitionerOption } from './partitioners.ts';

/** How the producer batches, sends and retries (defaults as the Java client 4.x). */
export interface ProducerSettings {
  /** 0: do not wait; 1: the leader wrote it; -1: every in-sync replica has it. Default -1. */
  acks?: -1 | 0 | 1;
  /**
   * One producer id, a sequence per partition: retries never duplicate or reorder. Needs acks=-1 and
   * maxInFlight ≤ 5. Default true when acks=-1, false otherwise.
   */
  idempotent?: boolean;
  /** How long a partition's batch waits for more records before it is sent. Default 5 ms. */
  lingerMs?: number;
  /** Bytes per batch (records as counted before compression, see the README). Default 16 KiB. */
  batchSize?: number;
  /** A codec plugin (`gzip()`, `lz4()`, `snappy()`, `zstd()` from `@lk/compress-*`). Default none. */
  compression?: Compressor | null;
  /** Bytes of records held for sending; `send` waits when they are used up. Default 32 MiB. */
  bufferMemory?: number;
  /** How long `send` waits for buffer memory and topic metadata before failing. Default 60 s. */
  maxBlockMs?: number;
  /** Largest Produce request, and so the largest record. Default 1 MiB. */
  maxRequestSize?: number;
  /** Produce requests in flight per broker connection. Default 5 (at most 5 with idempotence). */
  maxInFlight?: number;
  /** Longest wait for one Produce response (also the broker's replication timeout). Default 30 s. */
  requestTimeoutMs?: number;
  /** Upper bound from `send` to success or failure, retries included. Default 120 s. */
  deliveryTimeoutMs?: number;
  /** First pause before a retry; doubled per attempt up to `retryBackoffMaxMs`, ±20 % jitter. Default 100 ms. */
  retryBackoffMs?: number;
  /** Longest pause before a retry. Default 1 s. */
  retryBackoffMaxMs?: number;
  /** How records without an explicit partition get one. Default `'default'` (murmur2 / uniform sticky). */
  partitioner?: PartitionerOption;
}

/** ProducerSettings with every default applied, as the Producer uses them. */
export interface ResolvedSettings extends Required<Omit<ProducerSettings, 'compression'>> {
  compression: Compressor | null;
}

/** The defaults of ProducerSettings (the Java producer's where it has one). */
export const DEFAULT_SETTINGS = {
  acks: -1,
  lingerMs: 5,
  batchSize: 16_384,
  bufferMemory: 32 * 1024 * 1024,
  maxBlockMs: 60_000,
  maxRequestSize: 1_048_576,
  maxInFlight: 5,
  requestTimeoutMs: 30_000,
  deliveryTimeoutMs: 120_000,
  retryBackoffMs: 100,
  retryBackoffMaxMs: 1_000,
  partitioner: 'default',
} as const;

const MAX_IDEMPOTENT_IN_FLIGHT = 5;
const PARTITIONERS = new Set(['default', 'sticky', 'round-robin']);

/** Every key of {@link ProducerSettings}: what the producer takes for itself from its options. */
const SETTING_KEYS = [
  'acks',
  'idempotent',
  'lingerMs',
  'batchSize',
  'compression',
  'bufferMemory',
  'maxBlockMs',
  'maxRequestSize',
  'maxInFlight',
  'requestTimeoutMs',
  'deliveryTimeoutMs',
  'retryBackoffMs',
  'retryBackoffMaxMs',
  'partitioner',
] as const satisfies readonly (keyof ProducerSettings)[];

/** Splits options into the producer's settings and the rest (connection options, for the Cluster). */
export function splitSettings<T extends ProducerSettings>(
  options: T,
): [ProducerSettings, Omit<T, (typeof SETTING_KEYS)[number]>] {
  const settings: Record<string, unknown> = {};
  const rest = { ...options } as Record<string, unknown>;
  for (const key of SETTING_KEYS) {
    settings[key] = rest[key];
    delete rest[key];
  }
  return [settings as ProducerSettings, rest as Omit<T, (typeof SETTING_KEYS)[number]>];
}
/** Applies the defaults and checks every setting; a {@link ConfigError} names the setting at fault. */
export function resolveSettings(settings: ProducerSettings): ResolvedSettings {
  const defined = Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
  const acks = (defined.acks as number | undefined) ?? DEFAULT_SETTINGS.acks;
  if (acks !== -1 && acks !== 0 && acks !== 1) {
    throw new ConfigError(`acks must be -1, 0 or 1, got ${String(acks)}`);
  }
  const resolved: ResolvedSettings = {
    ...DEFAULT_SETTINGS,
    idempotent: acks === -1,
    compression: null,
    ...defined,
  } as ResolvedSettings;
  for (const key of ['batchSize', 'bufferMemory', 'maxRequestSize', 'maxInFlight'] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] <= 0) {
      throw new ConfigError(`${key} must be a positive integer, got ${String(resolved[key])}`);
    }
  }
  for (const key of [
    'lingerMs',
    'maxBlockMs',
    'requestTimeoutMs',
    'deliveryTimeoutMs',
    'retryBackoffMs',
    'retryBackoffMaxMs',
  ] as const) {
    if (typeof resolved[key] !== 'number' || !(resolved[key] >= 0) || !Number.isFinite(resolved[key])) {
      throw new ConfigError(`${key} must be a finite number ≥ 0, got ${String(resolved[key])}`);
    }
  }
  if (resolved.requestTimeoutMs === 0) throw new ConfigError('requestTimeoutMs must be positive, got 0');
  if (resolved.retryBackoffMaxMs < resolved.retryBackoffMs) {
    throw new ConfigError(
      `retryBackoffMaxMs (${resolved.retryBackoffMaxMs}) must be ≥ retryBackoffMs (${resolved.retryBackoffMs})`,
    );
  }
  if (resolved.deliveryTimeoutMs < resolved.lingerMs + resolved.requestTimeoutMs) {
    throw new ConfigError(
      `deliveryTimeoutMs (${resolved.deliveryTimeoutMs}) must be ≥ lingerMs + requestTimeoutMs (${resolved.lingerMs + resolved.requestTimeoutMs}), as in the Java client`,
    );
  }
  if (typeof resolved.idempotent !== 'boolean') {
    throw new ConfigError(`idempotent must be true or false, got ${String(resolved.idempotent)}`);
  }
  if (resolved.idempotent && resolved.acks !== -1) {
    throw new ConfigError(`idempotent needs acks=-1, got acks=${resolved.acks}`);
  }
  if (resolved.idempotent && resolved.maxInFlight > MAX_IDEMPOTENT_IN_FLIGHT) {
    throw new ConfigError(
      `maxInFlight must be ≤ ${MAX_IDEMPOTENT_IN_FLIGHT} with idempotent, got ${resolved.maxInFlight}`,
    );
  }
  const partitioner = resolved.partitioner;
  if (typeof partitioner !== 'function' && !PARTITIONERS.has(partitioner)) {
    throw new ConfigError(
      `partitioner must be 'default', 'sticky', 'round-robin' or a function, got ${String(partitioner)}`,
    );
  }
  const codec = resolved.compression;
  if (codec !== null && (typeof codec?.compress !== 'function' || !(codec.type >= 1 && codec.type <= 4))) {
    throw new ConfigError('compression must be a codec plugin (type 1–4 with compress), or null');
  }
  return resolved;
}
