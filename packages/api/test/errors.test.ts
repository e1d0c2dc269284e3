import { LkError, Writer } from '@lk/wire';
import { describe, expect, it } from 'vitest';
import {
  errorCodes,
  FieldVersionError,
  invalidMetadataErrorCodes,
  KafkaError,
  kafkaErrorFor,
  Metadata,
  Produce,
  retriableErrorCodes,
} from '../src/index.ts';

describe('Kafka error codes', () => {
  it('has all 135 codes of Kafka 4.3.1, -1 to 133, with 32 retriable and 13 invalid-metadata', () => {
    expect(errorCodes.size).toBe(135);
    expect([...errorCodes.keys()].sort((a, b) => a - b)).toEqual([...Array(135).keys()].map((i) => i - 1));
    expect([...errorCodes.values()].filter((info) => info.retriable)).toHaveLength(32);
    expect([...errorCodes.values()].filter((info) => info.invalidMetadata)).toHaveLength(13);
    // The sets KafkaError reads agree with the table.
    expect([...retriableErrorCodes]).toEqual([...errorCodes].filter(([, i]) => i.retriable).map(([c]) => c));
    expect([...invalidMetadataErrorCodes]).toEqual(
      [...errorCodes].filter(([, i]) => i.invalidMetadata).map(([c]) => c),
    );
  });

  it('builds a KafkaError with the classification and the server message', () => {
    expect(kafkaErrorFor(0)).toBeNull();
    const error = kafkaErrorFor(6, 'leader moved')!;
    expect(error).toBeInstanceOf(KafkaError);
    expect(error).toBeInstanceOf(LkError);
    expect(error).toMatchObject({
      code: 'LK_KAFKA_NOT_LEADER_OR_FOLLOWER',
      errorCode: 6,
      errorName: 'NOT_LEADER_OR_FOLLOWER',
      retriable: true,
      invalidMetadata: true,
      serverMessage: 'leader moved',
    });
    expect(error.message).toContain('leader moved');
    // Retriable but not invalid metadata: the broker is behind, metadata is fine.
    expect(kafkaErrorFor(75)).toMatchObject({ retriable: true, invalidMetadata: false });
    expect(kafkaErrorFor(133)?.errorName).toBe('SHARE_SESSION_LIMIT_REACHED');
    expect(error.message).toBe('NOT_LEADER_OR_FOLLOWER (6): leader moved');
    // The default description is in errorCodes, not in the error (bundles stay small).
    expect(kafkaErrorFor(10)?.message).toBe('MESSAGE_TOO_LARGE (10)');
    expect(errorCodes.get(10)?.message).toContain('larger than the max message size');
  });

  it('keeps unknown codes usable', () => {
    expect(kafkaErrorFor(999)).toMatchObject({ code: 'LK_KAFKA_UNKNOWN_CODE_999', retriable: false });
  });
});

describe('fields a version lacks', () => {
  it('refuses a non-default value in a non-ignorable field with FieldVersionError', () => {
    // AllowAutoTopicCreation exists from v4 and is not ignorable.
    const request = { ...Metadata.newRequest(), allowAutoTopicCreation: false };
    expect(() => Metadata.encodeRequest(new Writer(), request, 3)).toThrow(FieldVersionError);
    expect(() => Metadata.encodeRequest(new Writer(), request, 3)).toThrow(/allowAutoTopicCreation/);
    Metadata.encodeRequest(new Writer(), request, 4);
  });

  it('drops an ignorable field silently', () => {
    const request = Produce.newRequest();
    request.topicData = [{ name: 't', topicId: 'AQIDBAUGBwgJCgsMDQ4PEA', partitionData: [] }];
    // TopicId (v13+) is ignorable: v12 sends the name only.
    Produce.encodeRequest(new Writer(), request, 12);
  });

  it('refuses null where the version does not allow it', () => {
    const request = { ...Metadata.newRequest(), topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: null }] };
    // Topic names become nullable in v10.
    expect(() => Metadata.encodeRequest(new Writer(), request, 9)).toThrow(FieldVersionError);
    Metadata.encodeRequest(new Writer(), request, 10);
  });
});
