import { Attributes, compressionOf } from '../attributes.ts';
import type { Decompressor } from '../codec.ts';
import { DEFAULT_MAX_DECOMPRESSED_SIZE } from '../codec.ts';
import { findDecompressor } from '../decompressors.ts';
import type { BatchRecord } from '../read-records.ts';
import { corrupt, type LegacyMessage, parseLegacyMessage } from './message.ts';

/** Options for {@link readLegacyEntry}. */
export interface ReadLegacyOptions {
  /** Check each message's CRC-32 (default true). */
  verifyCrc?: boolean;
  /** Needed for compressed wrapper messages (gzip, snappy, lz4). */
  decompressors?: readonly Decompressor[];
  /** Limit for a wrapper's decompressed inner set (default 64 MiB). */
  maxDecompressedSize?: number;
}

const NO_HEADERS: readonly never[] = [];

/**
 * Decodes one legacy entry (magic 0 or 1, from {@link splitRecordSet}) into records: the message
 * itself, or for a compressed wrapper its inner messages with absolute offsets (v1 relative
 * offsets resolved from the wrapper's, which is the last inner offset) and timestamps (the
 * wrapper's under LogAppendTime). Read-only: Kafka 4 no longer accepts these formats.
 *
 * @example
 * ```ts
 * for (const entry of splitRecordSet(data))
 *   records.push(...(entryMagic(entry) === 2 ? Batch.unmarshal(entry).readRecords() : readLegacyEntry(entry, { decompressors })));
 * ```
 */
export function readLegacyEntry(entry: Uint8Array, options: ReadLegacyOptions = {}): BatchRecord[] {
  const verifyCrc = options.verifyCrc !== false;
  const wrapper = parseLegacyMessage(entry, verifyCrc);
  // Legacy attributes keep the codec and timestamp-type bits where v2 batches do.
  const codec = compressionOf(wrapper.attributes);
  if (codec === 0) return [toRecord(wrapper, wrapper.timestamp, wrapper.offset)];
  if (codec > 3) throw corrupt(`legacy compression type ${codec}`);
  if (wrapper.value === null) throw corrupt('compressed legacy wrapper without a value');
  const decompressor = findDecompressor(options.decompressors ?? [], codec);
  const maxOutputSize = options.maxDecompressedSize ?? DEFAULT_MAX_DECOMPRESSED_SIZE;
  const inner = splitInner(
    decompressor.decompress(wrapper.value, { maxOutputSize }),
    wrapper.magic,
    verifyCrc,
  );
  if (inner.length === 0) throw corrupt('compressed legacy wrapper with no inner messages');
  const logAppendTime = wrapper.magic === 1 && (wrapper.attributes & Attributes.logAppendTime) !== 0;
  // v1 inner offsets are relative (0…n-1); the wrapper carries the absolute offset of the last one.
  // Java treats a wrapper offset of 0 as base 0: some old clients wrote it that way.
  const relative = wrapper.magic === 1 && wrapper.offset !== 0n;
  const base = relative ? wrapper.offset - inner[inner.length - 1]!.offset : 0n;
  return inner.map((message) =>
    toRecord(message, logAppendTime ? wrapper.timestamp : message.timestamp, base + message.offset),
  );
}

/** Parses a decompressed inner message set, which must consist of whole, uncompressed messages. */
function splitInner(data: Uint8Array, wrapperMagic: number, verifyCrc: boolean): LegacyMessage[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const messages: LegacyMessage[] = [];
  let pos = 0;
  while (pos < data.length) {
    if (data.length - pos < 12) throw corrupt('truncated inner message', pos);
    const size = view.getInt32(pos + 8);
    if (size < 14 || size > data.length - pos - 12) throw corrupt(`inner message size ${size}`, pos + 8);
    const message = parseLegacyMessage(data.subarray(pos, pos + 12 + size), verifyCrc);
    if (message.magic !== wrapperMagic)
      throw corrupt(`inner magic ${message.magic} in a v${wrapperMagic} wrapper`);
    if (compressionOf(message.attributes) !== 0) throw corrupt('nested compression in a legacy wrapper');
    messages.push(message);
    pos += 12 + size;
  }
  return messages;
}

function toRecord(message: LegacyMessage, timestamp: number, offset: bigint): BatchRecord {
  return { offset, timestamp, key: message.key, value: message.value, headers: NO_HEADERS };
}
