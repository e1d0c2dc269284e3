// Metadata-rewriting: responses that tell the client where brokers are get the proxy's own
// listeners instead, so that every connection the client opens goes through the proxy.
import { DescribeCluster, decodeResponseFrame, Fetch, FindCoordinator, Metadata, Produce } from '@lk/api';
import { brokerApiByKey, encodeResponseFrame } from '@lk/api/broker';
import type { RequestInfo } from './frames.ts';

/**
 * The responses that carry broker addresses: Metadata (brokers), FindCoordinator (the
 * coordinator, or coordinators in v4+), DescribeCluster, and Produce (v10+) and Fetch (v16+),
 * whose KIP-951 leader hints name the leader's endpoint (the broker sends them with
 * NOT_LEADER_OR_FOLLOWER, e.g. for a partition of a topic just created). A client adopts that
 * endpoint for the node, so one left unrewritten sends it to the broker past the proxy.
 */
export const ADDRESS_APIS: ReadonlySet<number> = new Set([
  Metadata.apiKey,
  FindCoordinator.apiKey,
  DescribeCluster.apiKey,
  Produce.apiKey,
  Fetch.apiKey,
]);

/** Maps a broker's advertised address to the proxy listener that stands for it. */
export type AddressMap = (host: string, port: number) => Promise<{ host: string; port: number }>;

/**
 * Re-encodes `frame` (size field included) with every `{ host, port }` in its body mapped; a frame
 * with none (most Produce and Fetch responses) is returned as it came, byte for byte.
 */
export async function rewriteAddresses(
  frame: Uint8Array,
  request: RequestInfo,
  map: AddressMap,
): Promise<Uint8Array> {
  const api = brokerApiByKey(request.apiKey)!;
  const { correlationId, body } = decodeResponseFrame(api, request.apiVersion, frame.subarray(4));
  if ((await mapAll(body, map)) === 0) return frame;
  return encodeResponseFrame(api, request.apiVersion, correlationId, body);
}

/** Maps every address in `value`; returns how many it mapped. */
async function mapAll(value: unknown, map: AddressMap): Promise<number> {
  if (Array.isArray(value)) {
    let mapped = 0;
    for (const item of value) mapped += await mapAll(item, map);
    return mapped;
  }
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return 0;
  let mapped = 0;
  const entry = value as Record<string, unknown>;
  if (
    typeof entry.host === 'string' &&
    typeof entry.port === 'number' &&
    entry.host !== '' &&
    entry.port > 0
  ) {
    Object.assign(entry, await map(entry.host, entry.port));
    mapped++;
  }
  for (const field of Object.values(entry)) if (typeof field === 'object') mapped += await mapAll(field, map);
  return mapped;
}
