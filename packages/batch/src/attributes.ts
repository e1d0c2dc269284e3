import type { CompressionType } from './codec.ts';

/**
 * The bits of a v2 batch's `attributes` (RECORD_FORMAT §3).
 *
 * @example
 * ```ts
 * const isControl = (batch.attributes & Attributes.control) !== 0;
 * ```
 */
export const Attributes = {
  /** Bits 0-2: the {@link CompressionType} of the records section. */
  compressionMask: 0x07,
  /** Bit 3: timestamps are the broker's append time (`maxTimestamp`), not the records' own. */
  logAppendTime: 0x08,
  /** Bit 4: the batch belongs to a transaction. */
  transactional: 0x10,
  /** Bit 5: a control batch (transaction marker), written by the broker only. */
  control: 0x20,
  /** Bit 6: `baseTimestamp` holds the log cleaner's delete horizon (KIP-534). */
  deleteHorizon: 0x40,
} as const;

/** The compression type id in `attributes` (5-7 are invalid and rejected when decompressing). */
export function compressionOf(attributes: number): number {
  return attributes & Attributes.compressionMask;
}

/** `attributes` with its compression bits replaced by `type`. */
export function withCompression(attributes: number, type: CompressionType): number {
  return (attributes & ~Attributes.compressionMask) | type;
}
