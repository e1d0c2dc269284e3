import {
  ApiVersions,
  type BrokerApiRange,
  decodeResponseFrame,
  ErrorCode,
  encodeRequestFrame,
  highestStableVersion,
  kafkaErrorFor,
  negotiateVersions,
  type ResponseOf,
} from '@lk/api';
import { Reader } from '@lk/wire';
import { ProtocolError } from './errors.ts';
import type { ResolvedConnectionOptions } from './options.ts';

/** The decoded ApiVersions response body. */
export type ApiVersionsResponse = ResponseOf<typeof ApiVersions>;

/** Where ApiVersions runs: a fresh connection, before anything else. */
export interface ApiVersionsTarget {
  readonly broker: string;
  readonly options: Pick<
    ResolvedConnectionOptions,
    'clientId' | 'clientSoftwareName' | 'clientSoftwareVersion'
  >;
  nextCorrelationId(): number;
  roundTrip(
    frame: Uint8Array,
    meta: { correlationId: number; apiKey: number; apiVersion: number },
    options: { signal?: AbortSignal | undefined },
  ): Promise<Uint8Array>;
}

/** What ApiVersions learned. */
export interface NegotiatedVersions {
  /** For each API both sides know, the highest common version. */
  readonly versions: ReadonlyMap<number, number>;
  /** API key to the broker's advertised version range, for `chooseVersion`. */
  readonly ranges: ReadonlyMap<number, BrokerApiRange>;
  /** The broker's answer, raw. */
  readonly response: ApiVersionsResponse;
}

/**
 * Runs ApiVersions on a fresh connection and returns what it learned, for the connection to apply.
 *
 * Starts at lk's highest ApiVersions version, sending the client software name and version (v3+).
 * A broker that does not know that version answers a v0 body with UNSUPPORTED_VERSION and its own
 * ApiVersions range; lk then retries once at the highest version both know (KIP-511).
 */
export async function negotiateApiVersions(
  connection: ApiVersionsTarget,
  signal?: AbortSignal,
): Promise<NegotiatedVersions> {
  let version = highestStableVersion(ApiVersions);
  for (;;) {
    const request = {
      ...ApiVersions.newRequest(),
      clientSoftwareName: connection.options.clientSoftwareName,
      clientSoftwareVersion: connection.options.clientSoftwareVersion,
    };
    const correlationId = connection.nextCorrelationId();
    const frame = encodeRequestFrame(
      ApiVersions,
      version,
      correlationId,
      connection.options.clientId,
      request,
    );
    const meta = { correlationId, apiKey: ApiVersions.apiKey, apiVersion: version };
    const responseFrame = await connection.roundTrip(frame, meta, { signal });
    // The error code is the first body field in every version, after the 4-byte v0 response header.
    const errorCode = new Reader(responseFrame, 4).int16();
    if (errorCode === ErrorCode.UNSUPPORTED_VERSION) {
      const fallback = decodeResponseFrame(ApiVersions, 0, responseFrame).body as ApiVersionsResponse;
      const range = fallback.apiKeys.find((k: { apiKey: number }) => k.apiKey === ApiVersions.apiKey);
      const next = Math.min(range?.maxVersion ?? -1, version - 1);
      if (next < ApiVersions.minVersion) {
        throw new ProtocolError(
          'LK_PROTOCOL_NO_COMMON_VERSION',
          `${connection.broker} supports no ApiVersions version lk knows`,
          { cause: kafkaErrorFor(errorCode) },
        );
      }
      version = next;
      continue;
    }
    const response = decodeResponseFrame(ApiVersions, version, responseFrame).body as ApiVersionsResponse;
    const error = kafkaErrorFor(response.errorCode);
    if (error) throw error;
    const ranges = new Map(response.apiKeys.map((range) => [range.apiKey, range]));
    return { versions: negotiateVersions(response.apiKeys), ranges, response };
  }
}
