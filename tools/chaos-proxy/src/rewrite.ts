// Metadata-rewriting: responses that tell the client where brokers are get the proxy's own
// listeners instead, so that every connection the client opens goes through the proxy.
import {
  apiByKey,
  DescribeCluster,
  decodeResponseFrame,
  encodeResponseFrame,
  FindCoordinator,
  Metadata,
} from '@lk/api';
import type { RequestInfo } from './frames.ts';

/**
 * The responses that carry broker addresses: Metadata (brokers), FindCoordinator (the
 * coordinator, or coordinators in v4+) and DescribeCluster. Produce and Fetch v16+ also carry
 * leader hints (KIP-951 nodeEndpoints) and are left alone: they are large and lk does not use them.
 */
export const ADDRESS_APIS: ReadonlySet<number> = new Set([
  Metadata.apiKey,
  FindCoordinator.apiKey,
  DescribeCluster.apiKey,
]);

/** Maps a broker's advertised address to the proxy listener that stands for it. */
export type AddressMap = (host: string, port: number) => Promise<{ host: string; port: number }>;

/** Re-encodes `frame` (size field included) with every `{ host, port }` in its body mapped. */
export async function rewriteAddresses(
  frame: Uint8Array,
  request: RequestInfo,
  map: AddressMap,
): Promise<Uint8Array> {
  const api = apiByKey(request.apiKey)!;
  const { correlationId, body } = decodeResponseFrame(api, request.apiVersion, frame.subarray(4));
  await mapAll(body, map);
  return encodeResponseFrame(api, request.apiVersion, correlationId, body);
}

async function mapAll(value: unknown, map: AddressMap): Promise<void> {
  if (Array.isArray(value)) {
    for (const item of value) await mapAll(item, map);
    return;
  }
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return;
  const entry = value as Record<string, unknown>;
  if (
    typeof entry.host === 'string' &&
    typeof entry.port === 'number' &&
    entry.host !== '' &&
    entry.port > 0
  ) {
    Object.assign(entry, await map(entry.host, entry.port));
  }
  for (const field of Object.values(entry)) if (typeof field === 'object') await mapAll(field, map);
}
