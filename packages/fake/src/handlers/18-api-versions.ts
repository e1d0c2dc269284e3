// ApiVersions (key 18): the versions the fake implements, exactly; a version newer than it knows
// is answered at v0 with UNSUPPORTED_VERSION and its own range (KIP-511).
import { ErrorCode } from '@lk/api';
import { ApiVersions, encodeResponseFrame } from '@lk/api/broker';
import { defineHandler } from './handler.ts';

const MIN = 0;
const MAX = 4;

export default defineHandler({
  api: ApiVersions,
  minVersion: MIN,
  maxVersion: MAX,
  handle: (ctx) => ({ ...ApiVersions.newResponse(), apiKeys: ctx.advertised() }),
});

/** The v0 answer to an ApiVersions request of a version above the fake's: its own range only. */
export function unsupportedApiVersions(correlationId: number): Uint8Array {
  const response = {
    ...ApiVersions.newResponse(),
    errorCode: ErrorCode.UNSUPPORTED_VERSION,
    apiKeys: [{ apiKey: ApiVersions.apiKey, minVersion: MIN, maxVersion: MAX }],
  };
  return encodeResponseFrame(ApiVersions, 0, correlationId, response);
}
