import { BatchBuffer } from '@lk/batch';

/**
 * The output memory of the batches a producer builds, reused once a batch is acknowledged (as the
 * Java client's BufferPool keeps batch-sized buffers up to `buffer.memory`): a fresh megabyte per
 * batch costs page faults and old-space collections driven by external memory. A buffer goes back
 * only after the broker answered the request carrying it (the socket is then done with its bytes);
 * a batch that failed, was split or went out with acks=0 leaves its memory to the garbage collector.
 * Spare buffers are bounded in bytes, and a buffer grown past `maxBufferBytes` by an oversized
 * record is not kept: one large record must not pin its memory for the producer's life.
 */
export class BatchBuffers {
  private readonly free: BatchBuffer[] = [];
  private spareBytes = 0;
  private readonly maxSpareBytes: number;
  private readonly maxBufferBytes: number;

  /** Keeps spare buffers of at most `maxBufferBytes` each, `maxSpareBytes` in all. */
  constructor(maxSpareBytes: number, maxBufferBytes: number) {
    this.maxSpareBytes = maxSpareBytes;
    this.maxBufferBytes = maxBufferBytes;
  }

  /** Bytes held in spare buffers. */
  get spare(): number {
    return this.spareBytes;
  }

  take(): BatchBuffer {
    const buffer = this.free.pop();
    if (buffer === undefined) return new BatchBuffer();
    this.spareBytes -= buffer.capacity;
    return buffer;
  }

  give(buffer: BatchBuffer): void {
    const size = buffer.capacity;
    if (size > this.maxBufferBytes || this.spareBytes + size > this.maxSpareBytes) return;
    this.free.push(buffer);
    this.spareBytes += size;
  }
}
