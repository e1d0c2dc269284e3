/**
 * @lk/api: every Kafka API and version, generated from Kafka 4.3.1's own message specs.
 *
 * - One {@link ApiDefinition} per API (`Produce`, `Fetch`, `Metadata`, … all 93 keys) with typed
 *   request/response objects and codecs that take the version as a parameter; `ApiKey`, `apis`
 *   and {@link apiByKey} to look them up.
 * - Framing: {@link encodeRequestFrame} ({@link writeRequestFrame}), {@link decodeResponseFrame}, {@link readCorrelationId}.
 * - The broker's side (decode requests, encode responses: fake brokers, proxies, tests) is the
 *   entry point `@lk/api/broker`, so that client bundles leave it out.
 * - Names instead of numbers: {@link ErrorCode} (`ErrorCode.NOT_COORDINATOR === 16`), `ApiKey`, and
 *   the protocol's enums the specs do not carry ({@link IsolationLevel}, {@link CoordinatorType},
 *   {@link ResourceType}, {@link ConfigResourceType}, {@link ConfigSource}, {@link AclOperation},
 *   {@link ListOffsetsTimestamp}, {@link GroupState}, ...), each a const object plus a type of its values.
 * - Errors: every Kafka error code ({@link errorCodes} with the default messages, {@link KafkaError},
 *   {@link kafkaErrorFor}, {@link retriableErrorCodes}, {@link invalidMetadataErrorCodes});
 *   codec errors are `@lk/wire`'s DecodeError/EncodeError, plus {@link UnsupportedVersionError}
 *   and {@link FieldVersionError}.
 * - Version negotiation: {@link negotiateVersions}, {@link chooseVersion}, {@link highestStableVersion};
 *   `AnyApi`, `RequestOf`, `ResponseOf`, `RequestInput` to type code generic over APIs.
 *
 * Sans I/O: bytes in, objects out. No socket, no Node API, no runtime dependency besides @lk/wire.
 * @module
 */
export type {
  AnyApi,
  ApiDefinition,
  ApiVersionRange,
  MessageSchema,
  RequestInput,
  RequestOf,
  ResponseOf,
} from './define.ts';
export { errorCodes } from './error-info.ts';
export { decodeResponseFrame, encodeRequestFrame, readCorrelationId, writeRequestFrame } from './framing.ts';
export * from './generated/index.ts';
export { KafkaError, type KafkaErrorCode, kafkaErrorFor } from './kafka-error.ts';
export { type BrokerApiRange, chooseVersion, highestStableVersion, negotiateVersions } from './negotiate.ts';
export { apiByKey } from './registry.ts';
export { FieldVersionError, UnsupportedVersionError } from './version-errors.ts';
