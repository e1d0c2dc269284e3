import { allocateUninitialized, EncodeError } from '@lk/wire';

/** Growth factor when a batch outgrows the buffer: leaves room for slightly larger batches later. */
const GROWTH = 1.5;

/**
 * Reusable output memory for {@link Builder.build}: `build({ into: buffer })` encodes the batch
 * into this buffer's memory instead of a fresh allocation. Writing megabytes into memory the
 * process has not touched yet costs page faults; reusing warm memory makes a large encode several
 * times faster (see the package README's benchmark).
 *
 * **Ownership.** A batch built into a buffer — its `marshal()` bytes, its `records`, and every
 * key or value view read from it — is valid only until the next `build` into the same buffer,
 * which overwrites that memory. Finish with it first: wait until the socket write has completed
 * (not merely been queued), and until any `compressAsync` of it has resolved. Copy the bytes
 * (`marshal().slice()`) to keep them longer. Use one buffer per batch in flight; the default
 * `build()` allocates fresh memory and has no such contract.
 *
 * @example
 * ```ts
 * const output = new BatchBuffer();
 * for (const records of chunks) {
 *   const builder = new Builder();
 *   for (const record of records) builder.add(record);
 *   const bytes = builder.build({ into: output }).marshal();
 *   await new Promise((done) => socket.write(bytes, done)); // written: the memory is free again
 * }
 * ```
 */
export class BatchBuffer {
  #memory: Uint8Array;

  /** `initialCapacity` bytes up front (default none: the first build sizes it exactly). */
  constructor(initialCapacity = 0) {
    this.#memory = allocateUninitialized(checkSize(initialCapacity));
  }

  /** Bytes available before the next build has to grow the memory. */
  get capacity(): number {
    return this.#memory.length;
  }

  /**
   * The first `size` bytes of the memory, grown first if needed; their contents are undefined and
   * the caller must overwrite all of them. Every call may reuse the memory of earlier ones: this
   * is what makes views handed out before it stale.
   */
  reserve(size: number): Uint8Array {
    if (checkSize(size) > this.#memory.length) {
      this.#memory = allocateUninitialized(Math.max(size, Math.ceil(this.#memory.length * GROWTH)));
    }
    return this.#memory.subarray(0, size);
  }
}

function checkSize(size: number): number {
  if (!(Number.isSafeInteger(size) && size >= 0)) {
    throw new EncodeError('LK_BATCH_BUFFER_SIZE', `buffer size must be a non-negative integer: ${size}`);
  }
  return size;
}
