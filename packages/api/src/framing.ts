import { DecodeError, Reader, Writer } from '@lk/wire';
import type { ApiDefinition } from './define.ts';
import { RequestHeader } from './generated/request-header.ts';
import { ResponseHeader } from './generated/response-header.ts';

/**
 * Encodes a whole request frame: int32 size, request header (v1, or v2 in flexible versions) and
 * body. Pass a `writer` to reuse its buffer; the result is then a view of it, valid until the next
 * write. Throws UnsupportedVersionError for versions outside the API's range.
 */
export function encodeRequestFrame<Req>(
  api: ApiDefinition<Req, unknown>,
  version: number,
  correlationId: number,
  clientId: string | null,
  request: Req,
  writer: Writer = new Writer(),
): Uint8Array {
  writeRequestFrame(api, version, correlationId, clientId, request, writer);
  return writer.finish();
}

/**
 * {@link encodeRequestFrame} into `writer` (reset first), leaving the frame there: for a caller that
 * takes it as `writer.chunks()`, byte fields the writer references rather than copies included.
 */
export function writeRequestFrame<Req>(
  api: ApiDefinition<Req, unknown>,
  version: number,
  correlationId: number,
  clientId: string | null,
  request: Req,
  writer: Writer,
): void {
  writer.reset();
  const sizeAt = writer.reserve(4);
  const header = { requestApiKey: api.apiKey, requestApiVersion: version, correlationId, clientId };
  RequestHeader.encode(writer, header, api.requestHeaderVersion(version));
  api.encodeRequest(writer, request, version);
  writer.int32At(sizeAt, writer.length - 4);
}

/**
 * Decodes a response frame (without its size prefix, as FrameDecoder yields it): the response
 * header of the API's version, then the body. Trailing bytes after the body are a DecodeError.
 */
export function decodeResponseFrame<Res>(
  api: ApiDefinition<unknown, Res>,
  version: number,
  frame: Uint8Array,
): { correlationId: number; body: Res } {
  const reader = new Reader(frame);
  const header = ResponseHeader.decode(reader, api.responseHeaderVersion(version));
  const body = api.decodeResponse(reader, version);
  reader.expectEnd(`${api.name} v${version} response`);
  return { correlationId: header.correlationId, body };
}

/** The correlation id at the start of a response frame (every response header starts with it). */
export function readCorrelationId(frame: Uint8Array): number {
  if (frame.length < 4) {
    throw new DecodeError(
      'LK_WIRE_TRUNCATED',
      `response frame of ${frame.length} bytes has no correlation id`,
      0,
    );
  }
  return new Reader(frame).int32();
}

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

/** Decodes a request frame (without its size prefix): the broker side of {@link encodeRequestFrame}. */
export function decodeRequestFrame<Req>(
  api: ApiDefinition<Req, unknown>,
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

/** Encodes a response frame: int32 size, response header, body. The broker side of {@link decodeResponseFrame}. */
export function encodeResponseFrame<Res>(
  api: ApiDefinition<unknown, Res>,
  version: number,
  correlationId: number,
  response: Res,
  writer: Writer = new Writer(),
): Uint8Array {
  writer.reset();
  const sizeAt = writer.reserve(4);
  ResponseHeader.encode(writer, { correlationId }, api.responseHeaderVersion(version));
  api.encodeResponse(writer, response, version);
  writer.int32At(sizeAt, writer.pos - 4);
  return writer.finish();
}
