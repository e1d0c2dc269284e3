import { performance } from 'node:perf_hooks';
import { type KafkaError, kafkaErrorFor } from '@lk/api';
import {
  Batch,
  type BatchRecord,
  type Decompressor,
  type RecordSetContents,
  readRecordSet,
  splitRecordSet,
} from '@lk/batch';
import type { CallOptions } from './connection.ts';
import { channels, publish } from './diagnostics.ts';
import { ConfigError } from './errors.ts';
import {
  type FetchResponse,
  OffsetTimestamp,
  PartitionClient,
  type PartitionClientOptions,
} from './partition-client.ts';

/** Options of a {@link PartitionFetcher}. */
export interface PartitionFetcherOptions extends PartitionClientOptions {
  /** The first offset to fetch. Default 0n; see the seek methods. */
  offset?: bigint;
  /** The broker answers once it has this many bytes, or after `maxWaitMs`. Default 1. */
  minBytes?: number;
  /** Upper bound of one response's record bytes (the first batch is returned even if larger). Default 1 MiB. */
  maxBytes?: number;
  /** Longest the broker holds the request waiting for `minBytes`. Default 500 ms. */
  maxWaitMs?: number;
  /** `read_committed` hides records of aborted transactions and stops at the last stable offset. */
  isolationLevel?: 'read_uncommitted' | 'read_committed';
  /** Codecs for compressed batches, e.g. `gzip` from `@lk/compress-gzip`. Default none. */
  decompressors?: readonly Decompressor[];
}

/** One step of {@link PartitionFetcher.records}. */
export interface FetchedRecords {
  result: FetchResult;
  records: BatchRecord[];
  /** Where the loop continues once the consumer asks for more. */
  nextOffset: bigint;
}

/** One aborted transaction in the fetched range (read_committed). */
export interface AbortedTransaction {
  producerId: bigint;
  firstOffset: bigint;
}

/** What one fetch returns. */
export interface FetchResult {
  broker: string;
  topic: string;
  partition: number;
  /** The offset this fetch asked for. */
  offset: bigint;
  throttleTimeMs: number;
  /** The partition's error code (e.g. 1 OFFSET_OUT_OF_RANGE), 0 on success. */
  errorCode: number;
  /** The same as a KafkaError, or null. */
  error: KafkaError | null;
  highWatermark: bigint;
  lastStableOffset: bigint;
  logStartOffset: bigint;
  abortedTransactions: AbortedTransaction[];
  /**
   * The record set: zero or more whole batches, possibly followed by a partial one (normal: it was
   * cut at `maxBytes`). Split with `@lk/batch`. Empty when there was nothing new.
   */
  records: Uint8Array;
  /** The raw response. */
  response: FetchResponse;
}

const DEFAULT_MAX_BYTES = 1024 * 1024;
// Room for the response's own fields around the records.
const RESPONSE_OVERHEAD = 64 * 1024;

/**
 * Fetches one partition from an offset that only the user moves (libkafka's contract): `fetch()`
 * reads from {@link offset} and leaves it alone; the caller sets it after processing, or seeks to
 * the oldest, newest, or first offset at a timestamp. {@link read} decodes a result's records;
 * {@link records} is a ready-made loop.
 *
 * Broker error codes are returned in the result (OFFSET_OUT_OF_RANGE is the caller's to handle,
 * usually by seeking); an invalid-metadata error makes the next fetch look up the leader again.
 * Transport, timeout and abort failures are thrown.
 *
 * @example
 * ```ts
 * const fetcher = new PartitionFetcher({ bootstrap: '127.0.0.1:9092', topic: 'events', partition: 0 });
 * await fetcher.seekToOldest();
 * const result = await fetcher.fetch();
 * ```
 */
export class PartitionFetcher {
  readonly client: PartitionClient;
  /** The next offset to fetch. Set it (or seek) to move. */
  offset: bigint;
  minBytes: number;
  maxBytes: number;
  maxWaitMs: number;
  readonly isolationLevel: 0 | 1;
  readonly decompressors: readonly Decompressor[];

  constructor(options: PartitionFetcherOptions) {
    const { offset, minBytes, maxBytes, maxWaitMs, isolationLevel, decompressors, ...clientOptions } =
      options;
    this.decompressors = decompressors ?? [];
    this.offset = offset ?? 0n;
    this.minBytes = minBytes ?? 1;
    this.maxBytes = maxBytes ?? DEFAULT_MAX_BYTES;
    this.maxWaitMs = maxWaitMs ?? 500;
    this.isolationLevel = isolationLevel === 'read_committed' ? 1 : 0;
    if (!(this.maxBytes > 0)) throw new ConfigError(`maxBytes must be positive, got ${this.maxBytes}`);
    // A response must fit: raise the frame limit to maxBytes plus overhead when needed.
    const maxResponseSize = Math.max(clientOptions.maxResponseSize ?? 0, this.maxBytes + RESPONSE_OVERHEAD);
    this.client = new PartitionClient({
      ...clientOptions,
      maxResponseSize: Math.min(maxResponseSize, 2 ** 31 - 1),
    });
  }

  get topic(): string {
    return this.client.topic;
  }

  get partition(): number {
    return this.client.partition;
  }

  /** Fetches from {@link offset}; does not move it. */
  async fetch(options: CallOptions = {}): Promise<FetchResult> {
    const started = performance.now();
    const offset = this.offset;
    try {
      const { response, partition, broker } = await this.client.fetch(
        {
          offset,
          maxWaitMs: this.maxWaitMs,
          minBytes: this.minBytes,
          maxBytes: this.maxBytes,
          isolationLevel: this.isolationLevel,
        },
        options,
      );
      const errorCode = response.errorCode || partition.errorCode;
      const result: FetchResult = {
        broker,
        topic: this.topic,
        partition: this.partition,
        offset,
        throttleTimeMs: response.throttleTimeMs,
        errorCode,
        error: kafkaErrorFor(errorCode),
        highWatermark: partition.highWatermark,
        lastStableOffset: partition.lastStableOffset,
        logStartOffset: partition.logStartOffset,
        abortedTransactions: (partition.abortedTransactions ?? []).map((t: AbortedTransaction) => ({
          producerId: t.producerId,
          firstOffset: t.firstOffset,
        })),
        records: partition.records ?? new Uint8Array(0),
        response,
      };
      this.report(result, started, null);
      return result;
    } catch (error) {
      this.report(null, started, error as Error);
      throw error;
    }
  }

  /** Moves to the log start offset and returns it. */
  seekToOldest(options: CallOptions = {}): Promise<bigint> {
    return this.seekToTimestamp(OffsetTimestamp.earliest, options);
  }

  /** Moves to the offset the next record will get (read_committed: the last stable offset). */
  seekToNewest(options: CallOptions = {}): Promise<bigint> {
    return this.seekToTimestamp(OffsetTimestamp.latest, options);
  }

  /**
   * Moves to the first offset whose record timestamp is at or after `timestamp` (ms since the
   * epoch, or one of `OffsetTimestamp`). With no such record, moves to the newest offset.
   */
  async seekToTimestamp(timestamp: bigint | number | Date, options: CallOptions = {}): Promise<bigint> {
    const ms = timestamp instanceof Date ? BigInt(timestamp.getTime()) : BigInt(timestamp);
    let entry = await this.client.listOffsets(ms, { ...options, isolationLevel: this.isolationLevel });
    if (entry.errorCode === 0 && entry.offset < 0n && ms >= 0n) {
      entry = await this.client.listOffsets(OffsetTimestamp.latest, {
        ...options,
        isolationLevel: this.isolationLevel,
      });
    }
    const error = kafkaErrorFor(entry.errorCode);
    if (error) throw error;
    this.offset = entry.offset;
    return entry.offset;
  }

  /**
   * Decodes a result's record set with `@lk/batch`: CRCs checked, batches decompressed with the
   * fetcher's `decompressors`, control records (and, read_committed, aborted data) dropped, records
   * below the fetched offset skipped. `nextOffset` is where the next fetch should start.
   */
  read(result: FetchResult): RecordSetContents {
    return readRecordSet(result.records, {
      fetchOffset: result.offset,
      decompressors: this.decompressors,
      abortedTransactions: this.isolationLevel === 1 ? result.abortedTransactions : undefined,
    });
  }

  /** The result's complete batches, unparsed beyond their headers (CRC checked). */
  batches(result: FetchResult): Batch[] {
    return splitRecordSet(result.records).map((bytes) => Batch.unmarshal(bytes));
  }

  /**
   * A loop for users who want one: fetches, yields the decoded records of each fetch that had any,
   * and moves {@link offset} past them when asked for the next ones (this loop is the user moving
   * the offset; breaking out leaves it at the start of the last records yielded). Ends only when
   * `signal` fires (throwing its AbortError) or a fetch fails; a broker error code is thrown as its
   * KafkaError.
   *
   * @example
   * ```ts
   * for await (const { records } of fetcher.records({ signal })) {
   *   for (const r of records) console.log(r.offset, r.value);
   * }
   * ```
   */
  async *records(options: CallOptions = {}): AsyncGenerator<FetchedRecords, void, undefined> {
    for (;;) {
      const result = await this.fetch(options);
      if (result.error) throw result.error;
      const { records, nextOffset } = this.read(result);
      const next = nextOffset !== undefined && nextOffset > this.offset ? nextOffset : this.offset;
      if (records.length > 0) yield { result, records, nextOffset: next };
      this.offset = next;
    }
  }

  /** Closes the connection. */
  close(): void {
    this.client.close();
  }

  private report(result: FetchResult | null, started: number, error: Error | null): void {
    publish(channels.fetch, () => ({
      broker: result?.broker ?? this.client.broker ?? '',
      topic: this.topic,
      partition: this.partition,
      offset: result?.offset ?? this.offset,
      bytes: result?.records.length ?? 0,
      highWatermark: result?.highWatermark ?? -1n,
      error,
      durationMs: performance.now() - started,
    }));
  }
}
