import { DecodeError, Reader, Writer } from '@lk/wire';
import type { BrokerApiDefinition } from './define.ts';
import { RequestHeader } from './generated/request-header.ts';
import { ResponseHeader } from './generated/response-header.ts';

// The broker's side of framing: read a request frame, write a response frame (framing.ts is the client's).

/** A request as a broker (or a test's fake broker) sees it: the header fields and the decoded body. */
export interface DecodedRequest<Req> {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  body: Req;
}

/** The API key and version at the start of a request frame, to pick the definition before decoding. */
export function readRequestApi(frame: Uint8Array): { apiKey: number; apiVersion: number } {
  const reader = new Reader(frame);
  return { apiKey: reader.int16(), apiVersion: reader.int16() };
}

/** Decodes a request frame (without its size prefix): the broker side of `encodeRequestFrame` (of `@lk/api`). */
export function decodeRequestFrame<Req>(
  api: BrokerApiDefinition<Req, unknown>,
  frame: Uint8Array,
): DecodedRequest<Req> {
  const { apiKey, apiVersion } = readRequestApi(frame);
  if (apiKey !== api.apiKey) {
    throw new DecodeError(
      'LK_API_KEY_MISMATCH',
      `request for API key ${apiKey}, not ${api.name} (${api.apiKey})`,
      0,
    );
  }
  const reader = new Reader(frame);
  const header = RequestHeader.decode(reader, api.requestHeaderVersion(apiVersion));
  const body = api.decodeRequest(reader, apiVersion);
  reader.expectEnd(`${api.name} v${apiVersion} request`);
  return { apiKey, apiVersion, correlationId: header.correlationId, clientId: header.clientId, body };
}

/** Encodes a response frame: int32 size, response header, body. The broker side of `decodeResponseFrame` (of `@lk/api`). */
export function encodeResponseFrame<Res>(
  api: BrokerApiDefinition<unknown, Res>,
  version: number,
  correlationId: number,
  response: Res,
  writer: Writer = new Writer(),
): Uint8Array {
  writeResponseFrame(api, version, correlationId, response, writer);
  return writer.finish();
}

/**
 * {@link encodeResponseFrame} into `writer` (reset first), leaving the frame there: for a caller
 * that takes it as `writer.chunks()`, record sets the writer shares (or continues) rather than
 * copies included. The response side of `writeRequestFrame` (of `@lk/api`).
 */
export function writeResponseFrame<Res>(
  api: BrokerApiDefinition<unknown, Res>,
  version: number,
  correlationId: number,
  response: Res,
  writer: Writer,
): void {
  writer.reset();
  const sizeAt = writer.reserve(4);
  ResponseHeader.encode(writer, { correlationId }, api.responseHeaderVersion(version));
  api.encodeResponse(writer, response, version);
  writer.int32At(sizeAt, writer.length - 4);
}
