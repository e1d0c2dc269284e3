/**
 * Reused memory for response frames, as `records({ reuseMemory: true })` uses it. Fresh memory for
 * every large response costs a page fault per 4 KiB when the kernel first writes it, and is cold in
 * the caches, a large part of receiving a fetch; reusing a few buffers avoids that. A buffer taken
 * back is detached first, so a view of it still held somewhere reads as empty instead of as a later
 * response's bytes.
 *
 * @example
 * ```ts
 * // Own fetch loop on a PartitionClient: each response's memory is reused once it is handled.
 * const memory = new ResponseMemory(8 * 1024 * 1024 + 64 * 1024);
 * const { partition } = await client.fetch(request, { responseMemory: memory.allocate });
 * handle(partition.records);
 * memory.release(partition.records);
 * ```
 */
export class ResponseMemory {
  /** Size of each buffer (a larger response gets one of its own size). */
  readonly capacity: number;
  /** How many returned buffers are kept for reuse. */
  readonly keep: number;
  private readonly free: ArrayBuffer[] = [];
  private readonly lent = new WeakSet<ArrayBuffer>();

  constructor(capacity: number, keep = 2) {
    this.capacity = capacity;
    this.keep = keep;
  }

  /** Exactly `size` bytes, at the start of a reused buffer when one is free: for `CallOptions.responseMemory`. */
  readonly allocate = (size: number): Uint8Array => {
    const index = this.free.findIndex((buffer) => buffer.byteLength >= size);
    const buffer =
      index >= 0 ? this.free.splice(index, 1)[0]! : new ArrayBuffer(Math.max(size, this.capacity));
    this.lent.add(buffer);
    return new Uint8Array(buffer, 0, size);
  };

  /** Takes back the buffer `view` lies in, if it was lent here: every view of it becomes empty. */
  release(view: Uint8Array): void {
    const buffer = view.buffer as ArrayBuffer;
    if (!this.lent.has(buffer)) return;
    this.lent.delete(buffer);
    // Already detached (transferred elsewhere by its user): nothing left to take back.
    if (buffer.byteLength === 0) return;
    const moved = detach(buffer);
    if (this.free.length < this.keep) this.free.push(moved);
  }
}

/** Moves `buffer`'s memory, without copying, to a new ArrayBuffer; `buffer` is left empty. */
function detach(buffer: ArrayBuffer): ArrayBuffer {
  const transfer = (buffer as { transfer?: () => ArrayBuffer }).transfer;
  // ArrayBuffer.prototype.transfer is Node 21+; structuredClone moves the memory the same way on Node 20.
  return transfer ? transfer.call(buffer) : structuredClone(buffer, { transfer: [buffer] });
}
