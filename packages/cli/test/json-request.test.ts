// The broker-side definitions: the CLI turns JSON into a request by decoding the bytes it writes.
import { ListOffsets, Metadata, Produce } from '@lk/api/broker';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.ts';
import { apiNamed, requestFromJson } from '../src/json-request.ts';

describe('requests from JSON', () => {
  it('int64 from strings or numbers, exact past 2^53; nested fields left out take their spec defaults', () => {
    const request = requestFromJson(
      ListOffsets,
      {
        topics: [
          {
            name: 't',
            partitions: [
              { partitionIndex: 1, timestamp: '9007199254740993' },
              { partitionIndex: 2, timestamp: -2 },
            ],
          },
        ],
      },
      9,
    );
    expect(request.topics[0]!.partitions).toEqual([
      { partitionIndex: 1, currentLeaderEpoch: -1, timestamp: 9007199254740993n },
      { partitionIndex: 2, currentLeaderEpoch: -1, timestamp: -2n },
    ]);
    expect(request.replicaId).toBe(0); // the spec's default: a consumer sends -1 (ReplicaId.CONSUMER)
  });

  it('bytes from base64', () => {
    const request = requestFromJson(
      Produce,
      {
        acks: -1,
        timeoutMs: 1000,
        topicData: [{ name: 't', partitionData: [{ index: 0, records: 'AAEC' }] }],
      },
      9,
    );
    expect(request.topicData[0]!.partitionData[0]!.records).toEqual(Uint8Array.from([0, 1, 2]));
  });

  it('a field the version does not carry, or a misspelt one, is an error; spec defaults are fine', () => {
    expect(() => requestFromJson(Metadata, { includeClusterAuthorizedOperations: true }, 11)).toThrow(
      /includeClusterAuthorizedOperations/,
    );
    expect(() => requestFromJson(Metadata, { topicz: [] }, 12)).toThrow(
      new UsageError('MetadataRequest.topicz: no such field'),
    );
    expect(requestFromJson(Metadata, { topics: null, allowAutoTopicCreation: true }, 3).topics).toBeNull();
    expect(() =>
      requestFromJson(ListOffsets, { topics: [{ name: 't', partitions: [{ timestamp: 'soon' }] }] }, 9),
    ).toThrow(/an int64 field must be an integer or a decimal string, got "soon"/);
  });

  it('finds APIs by name (any case) or key', () => {
    expect(apiNamed('metadata')).toBe(Metadata);
    expect(apiNamed('2')).toBe(ListOffsets);
    expect(() => apiNamed('Nope')).toThrow(UsageError);
  });
});
