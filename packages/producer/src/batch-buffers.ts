import { BatchBuffer } from '@lk/batch';

/**
 * The output memory of the batches a producer builds, reused once a batch is acknowledged (as the
 * Java client's BufferPool keeps batch-sized buffers up to `buffer.memory`): a fresh megabyte per
 * batch costs page faults and old-space collections driven by external memory. A buffer goes back
 * only after the broker answered the request carrying it (the socket is then done with its bytes);
 * a batch that failed, was split or went out with acks=0 leaves its memory to the garbage collector.
 */
export class BatchBuffers {
  private readonly free: BatchBuffer[] = [];
  private readonly maxSpare: number;

  /** Keeps at most `maxSpare` buffers for reuse. */
  constructor(maxSpare: number) {
    this.maxSpare = maxSpare;
  }

  take(): BatchBuffer {
    return this.free.pop() ?? new BatchBuffer();
  }

  give(buffer: BatchBuffer): void {
    if (this.free.length < this.maxSpare) this.free.push(buffer);
  }
}
