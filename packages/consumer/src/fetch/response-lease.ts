import { ResponseMemory } from '@lk/client';

// Room past the records for the rest of a Fetch response (headers, topic names, aborted lists).
const RESPONSE_OVERHEAD = 64 * 1024;
// Spare buffers kept for the next responses; more are allocated while that many are still held.
const SPARE_BUFFERS = 4;

/**
 * The `reuseMemory` option: a fetch response's memory goes back to a pool once the fetcher is done
 * with the response and every batch read from it is processed, so the next responses land in warm,
 * already mapped memory instead of fresh buffers (which drive V8's GC and fault in every page).
 */
export class ResponseLeases {
  private readonly memory: ResponseMemory;

  constructor(maxPartitionBytes: number, maxBytes: number) {
    // Most responses of a few partitions fit; a larger one gets a buffer of its own size.
    this.memory = new ResponseMemory(
      Math.min(maxBytes, 4 * maxPartitionBytes) + RESPONSE_OVERHEAD,
      SPARE_BUFFERS,
    );
  }

  /** A lease for one request, held once (by the fetcher reading the response). */
  lease(): ResponseLease {
    return new ResponseLease(this.memory);
  }
}

/** One response's memory: returned to the pool when its last holder lets go. */
export class ResponseLease {
  private readonly memory: ResponseMemory;
  private frame: Uint8Array | null = null;
  private holders = 1;

  constructor(memory: ResponseMemory) {
    this.memory = memory;
  }

  /** For `CallOptions.responseMemory`: the response frame, from the pool. */
  readonly allocate = (size: number): Uint8Array => {
    this.frame = this.memory.allocate(size);
    return this.frame;
  };

  /** One more holder: a batch of the response waiting for, or in the hands of, the user. */
  hold(): void {
    this.holders++;
  }

  /** A holder is done; the last one hands the memory back (every view of it then reads as empty). */
  release(): void {
    this.holders--;
    if (this.holders === 0 && this.frame !== null) this.memory.release(this.frame);
  }
}
