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
