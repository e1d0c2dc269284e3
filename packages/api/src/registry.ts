import type { ApiDefinition } from './define.ts';
import { apis } from './generated/api-table.ts';

/** The definition of an API key, or undefined for a key Kafka 4.3.1 does not define. */
// biome-ignore lint/suspicious/noExplicitAny: any request and response types
export function apiByKey(key: number): ApiDefinition<any, any> | undefined {
  // Keys are dense from 0, so the table is indexed by key; the check guards against a future gap.
  const api = apis[key];
  return api !== undefined && api.apiKey === key ? api : undefined;
}
