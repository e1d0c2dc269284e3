// Pinned Kafka versions the harness can run.
export const KAFKA_VERSIONS = ['4.3.1', '3.9.2'] as const;
export type KafkaVersion = (typeof KAFKA_VERSIONS)[number];
export const DEFAULT_KAFKA_VERSION: KafkaVersion = '4.3.1';

export function parseVersion(v: string | undefined): KafkaVersion {
  if (v === undefined || v === '') return DEFAULT_KAFKA_VERSION;
  if ((KAFKA_VERSIONS as readonly string[]).includes(v)) return v as KafkaVersion;
  throw new Error(`unsupported Kafka version ${JSON.stringify(v)}; supported: ${KAFKA_VERSIONS.join(', ')}`);
}

/** 4.x configures log4j2; 3.9 uses log4j 1 (reload4j). */
export function isKafka4(v: KafkaVersion): boolean {
  return v.startsWith('4.');
}
