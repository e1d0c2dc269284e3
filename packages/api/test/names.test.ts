import { describe, expect, it } from 'vitest';
import {
  AclOperation,
  ApiKey,
  apis,
  ConfigResourceType,
  CoordinatorType,
  ErrorCode,
  errorCodes,
  FindCoordinator,
  GroupState,
  IsolationLevel,
  KafkaError,
  type KafkaErrorCode,
  ListOffsetsTimestamp,
  ResourceType,
} from '../src/index.ts';

describe('ErrorCode', () => {
  it('names every code of the error table, and only those', () => {
    const named = Object.entries(ErrorCode);
    expect(named).toHaveLength(errorCodes.size);
    for (const [name, code] of named) expect(errorCodes.get(code)?.name).toBe(name);
    expect(ErrorCode.NOT_COORDINATOR).toBe(16);
    expect(ErrorCode.UNKNOWN_SERVER_ERROR).toBe(-1);
    expect(ErrorCode.NONE).toBe(0);
  });

  it('types KafkaError codes as LK_KAFKA_<name>', () => {
    const code: KafkaErrorCode = new KafkaError(ErrorCode.TOPIC_ALREADY_EXISTS).code;
    expect(code).toBe('LK_KAFKA_TOPIC_ALREADY_EXISTS');
    // @ts-expect-error: no such Kafka error name
    const misspelt: KafkaErrorCode = 'LK_KAFKA_TOPIC_ALREADY_EXIST';
    expect(misspelt).not.toBe(code);
  });
});

describe('ApiKey', () => {
  it('names the key of every definition', () => {
    for (const api of apis) expect(ApiKey[api.name as keyof typeof ApiKey]).toBe(api.apiKey);
    expect(ApiKey.Produce).toBe(0);
  });
});

describe('protocol enums', () => {
  it('carry the values of Kafka 4.3.1', () => {
    expect(ResourceType.TOPIC).toBe(2);
    expect(AclOperation.TWO_PHASE_COMMIT).toBe(15);
    // Config resource types are bit values, unlike the ACL resource types.
    expect(Object.values(ConfigResourceType)).toEqual([0, 2, 4, 8, 16, 32]);
    expect(IsolationLevel.READ_COMMITTED).toBe(1);
    expect(ListOffsetsTimestamp.EARLIEST).toBe(-2n);
    expect(GroupState.PREPARING_REBALANCE).toBe('PreparingRebalance');
  });

  it('type-check as the field values they name', () => {
    const request = FindCoordinator.newRequest();
    request.keyType = CoordinatorType.TRANSACTION;
    const level: IsolationLevel = IsolationLevel.READ_UNCOMMITTED;
    // @ts-expect-error: 2 is not an isolation level
    const wrong: IsolationLevel = 2;
    expect([request.keyType, level, wrong]).toEqual([1, 0, 2]);
  });
});
