import { ErrorCode } from '@lk/api';
import type { ProducerFields } from '@lk/batch';

/** Sequences wrap at 2^31, as the broker counts them. */
export const SEQUENCE_MODULUS = 2 ** 31;
const MAX_EPOCH = 32_767;

/**
 * The idempotent producer's bookkeeping (Java's TransactionManager for a producer without a
 * transactional id): one producer id and epoch for the whole producer, and the next sequence of
 * each partition, counted in records and wrapping at 2^31 as the broker expects.
 *
 * When the broker says a partition's sequences no longer line up (OUT_OF_ORDER_SEQUENCE_NUMBER,
 * UNKNOWN_PRODUCER_ID, or a batch failed for good after it was sent and so left a gap), the epoch
 * is bumped (KIP-360): with a higher epoch the broker accepts sequence 0 again, so every partition
 * starts over from 0 and the batches not yet acknowledged are stamped anew, in their order. At the
 * highest epoch a new producer id is needed instead.
 */
export class IdempotenceState {
  producerId = -1n;
  producerEpoch = -1;
  /** Set when the sequences must start over; the sender bumps once nothing is in flight. */
  bumpNeeded = false;
  private readonly sequences = new Map<string, Map<number, number>>();

  /** True once InitProducerId answered. */
  get hasProducerId(): boolean {
    return this.producerId >= 0n;
  }

  /** Takes the id InitProducerId returned; sequences start at 0. */
  setProducerId(producerId: bigint, producerEpoch: number): void {
    this.producerId = producerId;
    this.producerEpoch = producerEpoch;
    this.sequences.clear();
    this.bumpNeeded = false;
  }

  /** The producer fields of the next batch of `recordCount` records for a partition; advances its sequence. */
  stamp(topic: string, partition: number, recordCount: number): ProducerFields {
    let byPartition = this.sequences.get(topic);
    if (byPartition === undefined) this.sequences.set(topic, (byPartition = new Map()));
    const baseSequence = byPartition.get(partition) ?? 0;
    byPartition.set(partition, (baseSequence + recordCount) % SEQUENCE_MODULUS);
    return { producerId: this.producerId, producerEpoch: this.producerEpoch, baseSequence };
  }

  /** True when `fields` were stamped under the current producer id and epoch. */
  isCurrent(fields: ProducerFields): boolean {
    return fields.producerId === this.producerId && fields.producerEpoch === this.producerEpoch;
  }

  /** Asks for an epoch bump (see the class comment). */
  requestBump(): void {
    this.bumpNeeded = true;
  }

  /**
   * Bumps the epoch and restarts every partition at sequence 0. Returns false when the epoch is
   * exhausted: then the caller must get a new producer id (InitProducerId) instead.
   */
  bump(): boolean {
    this.sequences.clear();
    this.bumpNeeded = false;
    if (this.producerEpoch >= MAX_EPOCH) {
      this.producerId = -1n;
      this.producerEpoch = -1;
      return false;
    }
    this.producerEpoch++;
    return true;
  }
}

/** Broker error codes after which an idempotent producer bumps its epoch (KIP-360). */
export const SEQUENCE_ERRORS: ReadonlySet<number> = new Set([
  ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
  ErrorCode.UNKNOWN_PRODUCER_ID,
]);
