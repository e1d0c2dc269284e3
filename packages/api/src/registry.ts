import type { AnyApi } from './define.ts';
import { apis } from './generated/api-table.ts';

/** The entry of `table` (indexed by API key) for `key`, or undefined. */
export function lookUpByKey<T extends { readonly apiKey: number }>(
  table: readonly T[],
  key: number,
): T | undefined {
  // Keys are dense from 0, so the table is indexed by key; the check guards against a future gap.
  const api = table[key];
  return api !== undefined && api.apiKey === key ? api : undefined;
}

/** The definition of an API key, or undefined for a key Kafka 4.3.1 does not define. */
export function apiByKey(key: number): AnyApi | undefined {
  return lookUpByKey(apis, key);
}
