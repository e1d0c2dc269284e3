/** Where a record landed. */
export interface RecordMetadata {
  topic: string;
  partition: number;
  /** The record's offset; -1n with acks=0, or when an idempotent retry found the batch already written. */
  offset: bigint;
  /** The record's timestamp: CreateTime as sent, or the broker's LogAppendTime on such topics. */
  timestamp: number;
}

/** Where a batch handed to `sendBatch` landed: its records are at `baseOffset` + 0, 1, ... */
export interface BatchMetadata {
  topic: string;
  partition: number;
  /** The first record's offset; -1n with acks=0, or when an idempotent retry found the batch already written. */
  baseOffset: bigint;
  recordCount: number;
  /** The broker's LogAppendTime on such topics, else -1 (the records carry their CreateTime). */
  logAppendTime: number;
}

/** Options of `sendBatch`. */
export interface SendBatchOptions {
  /**
   * Stamp the producer fields (idempotence) into the batch's own memory instead of a copy; the
   * memory must then be left alone until the returned promise settles. Default false.
   */
  stampInPlace?: boolean;
}

/**
 * What a call settles with: one record's metadata, every record's in order, or the number of
 * records written (no metadata made: `sendAll`).
 */
export type SendCallResult = 'one' | 'many' | 'count';

/**
 * The promise of one `send` call: settles once every record of the call has, with the record's
 * metadata (one record), all of them in order (an array) or their count, or with the first failure.
 */
export class SendCall {
  readonly promise: Promise<RecordMetadata | RecordMetadata[] | number>;
  /** True when the call settles with a count: its records need no metadata. */
  readonly counting: boolean;
  private readonly count: number;
  private remaining: number;
  private readonly results: RecordMetadata[] | null;
  private failure: Error | null = null;
  private resolve!: (value: RecordMetadata | RecordMetadata[] | number) => void;
  private reject!: (error: Error) => void;

  constructor(count: number, result: SendCallResult) {
    this.count = count;
    this.remaining = count;
    this.counting = result === 'count';
    this.results = result === 'many' ? new Array<RecordMetadata>(count) : null;
    this.promise = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    if (count === 0) this.resolve(this.counting ? 0 : []);
  }

  succeeded(index: number, metadata: RecordMetadata): void {
    if (this.results === null) {
      this.remaining = 0;
      this.resolve(metadata);
      return;
    }
    this.results[index] = metadata;
    if (--this.remaining === 0) this.settle();
  }

  /** `count` records of a counting call were written. */
  written(count: number): void {
    this.remaining -= count;
    if (this.remaining <= 0) this.settle();
  }

  /** A record failed; `count` more records of the call (never handed over) fail with it. */
  failed(error: Error, count = 1): void {
    this.failure ??= error;
    this.remaining -= count;
    if (this.remaining <= 0) this.settle();
  }

  private settle(): void {
    if (this.failure !== null) this.reject(this.failure);
    else this.resolve(this.counting ? this.count : this.results!);
  }
}
