// What Builder and BatchWriter share once their records are written: the producer fields' rule
// and the header of a batch that is about to be produced.
import { EncodeError } from '@lk/wire';
import { Attributes } from './attributes.ts';
import { Batch, sealFrame } from './batch.ts';
import type { ProducerFields } from './builder.ts';
import * as L from './layout.ts';

/** Refuses producer fields with an id but no base sequence: the broker could not order the batch. */
export function checkProducerFields(producer: ProducerFields): void {
  if (producer.producerId >= 0n && producer.baseSequence < 0) {
    throw new EncodeError(
      'LK_BATCH_SEQUENCE',
      'an idempotent batch (producerId >= 0) needs baseSequence >= 0',
    );
  }
}

/**
 * Writes the header and CRC-32C of a batch to produce (base offset 0, no leader epoch) into
 * `frame`, whose bytes after the header hold `count` records, and returns it as a Batch. Refuses
 * producer fields with an id but no base sequence (see {@link checkProducerFields}).
 */
export function sealNewBatch(
  frame: Uint8Array,
  count: number,
  baseTimestamp: number,
  maxTimestamp: number,
  producer: ProducerFields,
  transactional: boolean,
): Batch {
  checkProducerFields(producer);
  sealFrame(frame, {
    baseOffset: 0n,
    partitionLeaderEpoch: -1,
    attributes: transactional ? Attributes.transactional : 0,
    lastOffsetDelta: count - 1,
    baseTimestamp,
    maxTimestamp,
    ...producer,
    recordsCount: count,
    records: frame.subarray(L.HEADER_SIZE),
  });
  return Batch.unmarshal(frame, { verifyCrc: false });
}
