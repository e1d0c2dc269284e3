// lk produce's records into batches: one BatchWriter per partition, encoding each record as it is
// added; a batch is shipped (compressed if asked) when the next record does not fit or lingerMs
// after its first record. The producer then only sends ready batches (sendBatch): no object per
// record on the way, and one settlement per batch.
import { type Batch, type BatchBuffer, BatchWriter, type Compressor, type RecordHeader } from '@lk/batch';
import { partitionForKey, StickyPartitioner } from '@lk/producer';

/** How records without a fixed partition are spread: the names of @lk/producer's partitioners. */
export type PartitionerName = 'default' | 'sticky' | 'round-robin';

export interface RecordBatcherOptions {
  topic: string;
  partitionCount: number;
  /** Every record to this partition (`--partition`), else the partitioner's choice. */
  partition: number | undefined;
  partitioner: PartitionerName;
  /** Largest batch in bytes, header included, before compression. */
  batchSize: number;
  /** How long a batch waits for more records after its first; 0: until the end of the input chunk. */
  lingerMs: number;
  /** Headers of every record. */
  headers: readonly RecordHeader[];
  compression: Compressor | null;
  /** Output memory for a batch (handed back through `send`'s caller once the batch settled). */
  takeBuffer: () => BatchBuffer;
  /** A finished batch for `partition`; `memory` is the buffer it lives in (null once compressed: then free at once). */
  send: (partition: number, batch: Batch, memory: BatchBuffer | null) => void;
  /** Give back a buffer no batch lives in (the plain batch of a compressed one). */
  giveBuffer: (buffer: BatchBuffer) => void;
  /** Batches waiting per partition, which the adaptive sticky partitioner weighs. */
  loads: (partitionCount: number) => readonly number[];
}

/** A partition's batch being written: its writer, the memory it writes into, its linger timer. */
interface OpenBatch {
  writer: BatchWriter;
  memory: BatchBuffer;
  timer: NodeJS.Timeout | undefined;
}

export class RecordBatcher {
  private readonly options: RecordBatcherOptions;
  private readonly open: (OpenBatch | undefined)[];
  private readonly sticky: StickyPartitioner;
  private nextRoundRobin = 0;

  constructor(options: RecordBatcherOptions) {
    this.options = options;
    this.open = new Array(options.partitionCount);
    this.sticky = new StickyPartitioner(options.batchSize, (_, count) => options.loads(count));
  }

  /** Adds one record, shipping the batch it does not fit in. */
  add(key: Uint8Array | null, value: Uint8Array, timestamp: number): void {
    const { headers } = this.options;
    let partition = this.partitionOf(key);
    if (this.writerFor(partition).append(key, value, timestamp, headers)) return;
    this.ship(partition);
    // A keyless sticky record that starts a new batch goes where the partitioner moved on to, as
    // in the Java client (a full batch is the sticky partitioner's signal to switch).
    if (this.isSticky(key)) {
      partition = this.moveOn(partition);
      // That partition may hold a batch of keyed records with no room left: it goes first.
      if (this.writerFor(partition).append(key, value, timestamp, headers)) return;
      this.ship(partition);
    }
    // A new batch takes any record (the first one always fits).
    this.writerFor(partition).append(key, value, timestamp, headers);
  }

  /** Ships every open batch (end of input; or of an input chunk with lingerMs 0). */
  flush(): void {
    for (let p = 0; p < this.open.length; p++) if (this.open[p] !== undefined) this.ship(p);
  }

  /** Called after each input chunk: with no linger, nothing waits for the next chunk. */
  chunkDone(): void {
    if (this.options.lingerMs === 0) this.flush();
  }

  private partitionOf(key: Uint8Array | null): number {
    const { partition, partitionCount, topic } = this.options;
    if (partition !== undefined) return partition;
    if (this.options.partitioner === 'round-robin') {
      const turn = this.nextRoundRobin;
      this.nextRoundRobin = (turn + 1) % partitionCount;
      return turn;
    }
    return this.isSticky(key)
      ? this.sticky.partition(topic, partitionCount)
      : partitionForKey(key!, partitionCount);
  }

  /** Whether `key`'s record goes by the sticky partitioner (keyless with 'default', always with 'sticky'). */
  private isSticky(key: Uint8Array | null): boolean {
    const { partition, partitioner } = this.options;
    return (
      partition === undefined && (partitioner === 'sticky' || (partitioner === 'default' && key === null))
    );
  }

  /** Tells the sticky partitioner a batch's worth went to `partition`; returns where it moved. */
  private moveOn(partition: number): number {
    const { topic, partitionCount, batchSize } = this.options;
    this.sticky.appended(topic, partition, batchSize, partitionCount);
    return this.sticky.partition(topic, partitionCount);
  }

  private writerFor(partition: number): BatchWriter {
    const open = this.open[partition];
    if (open !== undefined) return open.writer;
    const memory = this.options.takeBuffer();
    const writer = new BatchWriter({ maxBytes: this.options.batchSize, into: memory });
    const { lingerMs } = this.options;
    const timer = lingerMs > 0 ? setTimeout(() => this.ship(partition), lingerMs) : undefined;
    this.open[partition] = { writer, memory, timer };
    return writer;
  }

  private ship(partition: number): void {
    const { writer, memory, timer } = this.open[partition]!;
    clearTimeout(timer);
    this.open[partition] = undefined;
    const plain = writer.finish();
    const { compression } = this.options;
    if (compression === null) {
      this.options.send(partition, plain, memory);
      return;
    }
    const compressed = plain.compress(compression);
    this.options.giveBuffer(memory);
    this.options.send(partition, compressed, null);
  }
}
