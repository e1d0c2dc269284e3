// The root export is the public surface: what users need, nothing internal. A change here is a
// change of the public API, made on purpose.
import { KafkaError } from '@lk/api';
import { LkError } from '@lk/wire';
import { describe, expect, it } from 'vitest';
import * as client from '../src/index.ts';

describe('@lk/client root export', () => {
  it('is exactly the public surface', () => {
    expect(Object.keys(client).sort()).toEqual([
      'AbortError',
      'BatchConfigError',
      'BootstrapClient',
      'BootstrapResolver',
      'BrokerPool',
      'ClientClosedError',
      'Cluster',
      'ConfigError',
      'Connection',
      'CorruptBatchError',
      'DEFAULT_CONNECTION_OPTIONS',
      'DecodeError',
      'DecompressError',
      'EncodeError',
      'FrameError',
      'GroupClient',
      'KafkaError',
      'LkError',
      'MetadataCache',
      'MetadataClient',
      'MetadataError',
      'OffsetTimestamp',
      'PartitionClient',
      'PartitionFetcher',
      'PartitionLeaderClient',
      'PartitionProducer',
      'ProduceError',
      'ProtocolError',
      'ResponseMemory',
      'SCRAM_MAX_ITERATIONS',
      'SCRAM_MIN_ITERATIONS',
      'SaslError',
      'TimeoutError',
      'TransportError',
      'UnsupportedVersionError',
      'channels',
      'deliveryOutcome',
      'exponentialBackoff',
      'fetchLeaderHints',
      'formatAddress',
      'isRetriable',
      'leaderFromMetadata',
      'oauthBearer',
      'offsetCommitTopics',
      'openConnection',
      'parseAddress',
      'partitionErrorCode',
      'plain',
      'preferNativeCrc32c',
      'produceLeaderHints',
      'resolveConnectionOptions',
      'saslMechanism',
      'scramSaltedPassword',
      'scramSha256',
      'scramSha512',
      'topLevelErrorCode',
    ]);
  });

  it('re-exports the base classes users catch, not copies of them', () => {
    expect(client.LkError).toBe(LkError);
    expect(client.KafkaError).toBe(KafkaError);
    const errors = (Object.values(client) as unknown[]).filter(
      (value): value is { prototype: object } =>
        typeof value === 'function' && value.prototype instanceof Error,
    );
    for (const ErrorClass of errors) {
      expect(ErrorClass === LkError || ErrorClass.prototype instanceof LkError).toBe(true);
    }
    expect(errors.length).toBeGreaterThanOrEqual(16);
  });
});
