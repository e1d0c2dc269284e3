/** A record header: a UTF-8 key (never null) and a value that may be null. Order and duplicates are kept. */
export interface RecordHeader {
  readonly key: string;
  readonly value: Uint8Array | null;
}

/**
 * One record of a v2 batch, as it sits on the wire: offset and timestamp are deltas from the
 * batch's base values. `key` and `value` distinguish null (length -1) from empty (length 0).
 *
 * Timestamps are numbers of milliseconds: exact for |delta| ≤ 2^53-1, which covers every real clock.
 */
export interface KafkaRecord {
  /** No bits are defined; write 0. */
  attributes: number;
  timestampDelta: number;
  offsetDelta: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: readonly RecordHeader[];
}
