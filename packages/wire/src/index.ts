/**
 * @lk/wire: the primitives of the Kafka protocol, sans I/O.
 *
 * - {@link Writer}: one growing `Uint8Array` with a cached `DataView`, back-filled lengths, and every
 *   Kafka primitive (ints, varints, strings, bytes, arrays, their compact and nullable forms, uuids,
 *   tagged fields).
 * - {@link Reader}: the matching reader over any view, checking every length and count against the
 *   bytes remaining before it slices or allocates.
 * - {@link FrameDecoder}: splits a byte stream into size-prefixed frames with a maximum size.
 *
 * Nothing here opens a socket or depends on Node: bytes in, values out. Errors are the classes of
 * `@lk/varint` (re-exported here) with stable codes (`LK_WIRE_*`, `LK_FRAME_*`).
 *
 * @example
 * ```ts
 * import { Reader, Writer } from '@lk/wire';
 * const bytes = new Writer().int16(18).compactString('lk').taggedFields([]).finish();
 * const reader = new Reader(bytes);
 * reader.int16(); // 18
 * reader.compactString(); // 'lk'
 * ```
 * @module
 */
export { DecodeError, EncodeError, errorKind, LkError } from '@lk/varint';
export { allocateUninitialized } from './allocate.ts';
export { concatBytes } from './concat.ts';
export { DEFAULT_MAX_FRAME_SIZE, FrameDecoder, type FrameDecoderOptions, FrameError } from './frame.ts';
export { type CorkableSink, piecesLength, writePieces } from './pieces.ts';
export { Reader } from './reader.ts';
export { readUtf8, utf8Length, writeUtf8 } from './utf8.ts';
export { readUuid, writeUuid, ZERO_UUID } from './uuid.ts';
export { compactLengthSize, type RawTaggedField, Writer } from './writer.ts';
