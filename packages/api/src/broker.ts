/**
 * @lk/api/broker: the broker's side of every Kafka API, for fake brokers, proxies and tests.
 *
 * The same names as `@lk/api` (`Produce`, `Fetch`, … all 93 keys), each a
 * {@link BrokerApiDefinition}: the client's definition plus `decodeRequest` and `encodeResponse`.
 * With them: {@link decodeRequestFrame}, {@link encodeResponseFrame} ({@link writeResponseFrame}), {@link readRequestApi},
 * `brokerApis` and {@link brokerApiByKey}. A client never needs this entry point; keeping it apart
 * keeps the codecs of the other direction out of client bundles. Types (`ProduceRequest`, …)
 * come from `@lk/api`.
 * @module
 */

export {
  type DecodedRequest,
  decodeRequestFrame,
  encodeResponseFrame,
  readRequestApi,
  writeResponseFrame,
} from './broker-framing.ts';
export { brokerApiByKey } from './broker-registry.ts';
export type { AnyBrokerApi, BrokerApiDefinition } from './define.ts';
export * from './generated/broker/index.ts';
