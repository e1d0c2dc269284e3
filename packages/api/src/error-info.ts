import type { ErrorCodeInfo } from './generated/error-codes.ts';
import { errorCodeTable } from './generated/error-messages.ts';

/**
 * Every Kafka error code (-1 to 133) with its name, default message and flags, from Kafka 4.3.1.
 * For code that describes errors to people (a CLI, logs): {@link KafkaError} carries the name and
 * flags but not the default message, so that a client bundle does not carry all 135 texts.
 */
// A pure IIFE: the whole expression, not only its outer call, is dropped when nothing reads it.
export const errorCodes: ReadonlyMap<number, Omit<ErrorCodeInfo, 'code'>> = /*@__PURE__*/ (() =>
  new Map(errorCodeTable.map(({ code, ...info }) => [code, info])))();
