import type { AnyBrokerApi } from './define.ts';
import { brokerApis } from './generated/broker/api-table.ts';
import { lookUpByKey } from './registry.ts';

/** The broker-side definition of an API key, or undefined for a key Kafka 4.3.1 does not define. */
export function brokerApiByKey(key: number): AnyBrokerApi | undefined {
  return lookUpByKey(brokerApis, key);
}
