// lk produce's input: its files and stdin as chunks of bytes. A regular file (a FILE argument, or
// stdin redirected from one) is read straight into reused 1 MiB buffers: a fresh buffer per chunk
// cost twice the CPU of the read itself (page faults, and GCs driven by external memory).
import { fstatSync, read } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';

const CHUNK_SIZE = 1 << 20;
const readAt = promisify(read);

/** Read buffers for regular files, handed back by the caller once no record refers to their bytes. */
export class ChunkPool {
  private readonly free: Buffer[] = [];

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(CHUNK_SIZE);
  }

  give(buffer: Buffer): void {
    this.free.push(buffer);
  }
}

export interface InputChunk {
  bytes: Buffer;
  /** The pool's buffer that `bytes` is a view of (give it back when done); null for a stream's chunk. */
  pooled: Buffer | null;
}

/** The chunks of each FILE in order ("-" is stdin; no FILEs: stdin). */
export async function* inputChunks(
  files: readonly string[],
  stdin: Readable,
  pool: ChunkPool,
): AsyncGenerator<InputChunk> {
  for (const file of files.length === 0 ? ['-'] : files) {
    if (file !== '-') {
      const handle = await open(file);
      try {
        yield* fdChunks(handle.fd, pool);
      } finally {
        await handle.close();
      }
    } else if (regularFileFd(stdin) !== null) {
      yield* fdChunks(regularFileFd(stdin)!, pool);
    } else {
      for await (const chunk of stdin) yield { bytes: chunk as Buffer, pooled: null };
    }
  }
}

/** stdin's file descriptor when it is a regular file (`lk produce t < file`), else null. */
function regularFileFd(stdin: Readable): number | null {
  const fd = (stdin as { fd?: unknown }).fd;
  return typeof fd === 'number' && fstatSync(fd).isFile() ? fd : null;
}

async function* fdChunks(fd: number, pool: ChunkPool): AsyncGenerator<InputChunk> {
  // One read ahead: the next chunk is read (on libuv's thread pool) while this one is split and
  // appended, so the main thread does not wait for the disk between chunks.
  const readChunk = async (): Promise<InputChunk | null> => {
    const buffer = pool.take();
    // position null: from the descriptor's current offset, as a shell redirection left it.
    const { bytesRead } = await readAt(fd, buffer, 0, buffer.length, null);
    if (bytesRead === 0) {
      pool.give(buffer);
      return null;
    }
    return { bytes: buffer.subarray(0, bytesRead), pooled: buffer };
  };
  let next = readChunk();
  try {
    for (;;) {
      const chunk = await next;
      if (chunk === null) return;
      next = readChunk();
      yield chunk;
    }
  } finally {
    // The read ahead ends before the caller closes the descriptor.
    await next.catch(() => null);
  }
}
