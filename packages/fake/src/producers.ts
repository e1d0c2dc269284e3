// Idempotent producers: producer id allocation (InitProducerId) and the per-partition sequence checks
// a Kafka leader makes before it appends a batch.
import { ErrorCode } from '@lk/api';

/** How many recent batches per producer and partition a broker remembers for duplicate detection. */
const RECENT_BATCHES = 5;
const INT32_MAX = 0x7fffffff;

interface RecentBatch {
  firstSeq: number;
  lastSeq: number;
  baseOffset: bigint;
}

/** What a partition knows of one producer: its epoch and its last batches. */
export interface ProducerPartitionState {
  epoch: number;
  lastSeq: number;
  readonly recent: RecentBatch[];
}

/** The sequence fields of a batch being appended. */
export interface SequencedBatch {
  producerId: bigint;
  producerEpoch: number;
  baseSequence: number;
  recordsCount: number;
}

/** The outcome of the checks: append, answer as a duplicate of an earlier batch, or refuse. */
export type SequenceVerdict =
  | { kind: 'append' }
  | { kind: 'duplicate'; baseOffset: bigint }
  | { kind: 'error'; errorCode: number; message: string };

const APPEND: SequenceVerdict = { kind: 'append' };

/** The sequence after `seq` (sequences wrap from INT32_MAX to 0). */
function nextSequence(seq: number, count: number): number {
  return (seq + count) % (INT32_MAX + 1);
}

/** Producer state of one partition, keyed by producer id. */
export class PartitionProducers {
  readonly byId = new Map<bigint, ProducerPartitionState>();

  /** The checks of Kafka's ProducerAppendInfo: epoch fencing, duplicates of the last 5 batches, sequence order. */
  check(batch: SequencedBatch): SequenceVerdict {
    if (batch.producerId < 0n) return APPEND;
    const state = this.byId.get(batch.producerId);
    if (state === undefined) return APPEND; // an unknown producer may start at any sequence
    if (batch.producerEpoch < state.epoch) {
      return {
        kind: 'error',
        errorCode: ErrorCode.INVALID_PRODUCER_EPOCH,
        message: `epoch ${batch.producerEpoch} is older than the producer's current epoch ${state.epoch}`,
      };
    }
    const lastSeq = nextSequence(batch.baseSequence, batch.recordsCount - 1);
    if (batch.producerEpoch === state.epoch) {
      const duplicate = state.recent.find((r) => r.firstSeq === batch.baseSequence && r.lastSeq === lastSeq);
      if (duplicate !== undefined) return { kind: 'duplicate', baseOffset: duplicate.baseOffset };
      if (batch.baseSequence !== nextSequence(state.lastSeq, 1)) {
        return {
          kind: 'error',
          errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
          message: `out of order sequence number: ${batch.baseSequence} (incoming), ${state.lastSeq} (current end)`,
        };
      }
      return APPEND;
    }
    if (batch.baseSequence !== 0) {
      return {
        kind: 'error',
        errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        message: `invalid sequence number ${batch.baseSequence} for new epoch ${batch.producerEpoch}`,
      };
    }
    return APPEND;
  }

  /** Records an appended batch. */
  appended(batch: SequencedBatch, baseOffset: bigint): void {
    if (batch.producerId < 0n) return;
    const lastSeq = nextSequence(batch.baseSequence, batch.recordsCount - 1);
    let state = this.byId.get(batch.producerId);
    if (state === undefined || state.epoch !== batch.producerEpoch) {
      state = { epoch: batch.producerEpoch, lastSeq, recent: [] };
      this.byId.set(batch.producerId, state);
    }
    state.lastSeq = lastSeq;
    state.recent.push({ firstSeq: batch.baseSequence, lastSeq, baseOffset });
    if (state.recent.length > RECENT_BATCHES) state.recent.shift();
  }
}

/** A producer id and epoch handed out by InitProducerId. */
export interface ProducerIdAndEpoch {
  producerId: bigint;
  producerEpoch: number;
}

const MAX_EPOCH = 0x7fff;

/** Producer ids of the cluster: fresh ids for idempotent producers, bumped epochs per transactional id. */
export class ProducerIds {
  #next = 1000n;
  readonly byTransactionalId = new Map<string, ProducerIdAndEpoch>();
  /** Every id handed out, with its latest epoch. */
  readonly issued = new Map<bigint, number>();

  /** InitProducerId: a new id, or for a transactional id the same id with the next epoch. */
  init(transactionalId: string | null): ProducerIdAndEpoch {
    if (transactionalId !== null) {
      const known = this.byTransactionalId.get(transactionalId);
      const next =
        known === undefined || known.producerEpoch >= MAX_EPOCH - 1
          ? this.#fresh()
          : { producerId: known.producerId, producerEpoch: known.producerEpoch + 1 };
      this.byTransactionalId.set(transactionalId, next);
      this.issued.set(next.producerId, next.producerEpoch);
      return next;
    }
    const fresh = this.#fresh();
    this.issued.set(fresh.producerId, 0);
    return fresh;
  }

  #fresh(): ProducerIdAndEpoch {
    return { producerId: this.#next++, producerEpoch: 0 };
  }
}
